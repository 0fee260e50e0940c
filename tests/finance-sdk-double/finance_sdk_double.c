/*
 * finance_sdk_double.c — a TEST DOUBLE of WeCom's libWeWorkFinanceSdk_C.so (会话内容存档 Finance C SDK).
 *
 * It exports the same C functions with the same ABI as the official header WeWorkFinanceSdk_C.h, so Keeper's
 * FFI binding loads it exactly like the real library. Instead of talking to WeCom it asks the WeCom simulator
 * (tests/wecom-sim) over plain HTTP/1.1, at the URL in the environment variable FINANCE_SDK_DOUBLE_ENDPOINT
 * (e.g. http://127.0.0.1:8970/__finance): POST <endpoint>/chatdata and POST <endpoint>/media.
 *
 * What is real and what is not:
 *  - The RSA layer is real: the simulator encrypts each message's random key with Keeper's RSA public key
 *    (PKCS#1 v1.5) and Keeper decrypts it before calling DecryptData, as with WeCom.
 *  - The symmetric layer of DecryptData is NOT WeCom's (that algorithm is not public). This double uses
 *    ChaCha20 (RFC 8439) with the 32-byte random key, block counter 0 and an all-zero 96-bit nonce, over the
 *    base64-decoded encrypt_chat_msg. A fresh random key per message makes the zero nonce safe enough for a
 *    test double; it is never meant to protect anything. The simulator encrypts with Node's 'chacha20'.
 *  - proxy and passwd are accepted and ignored.
 *
 * Test-only triggers (never in the real SDK): GetChatData with seq DOUBLE_ABORT_SEQ calls abort(), and with
 * DOUBLE_HANG_SEQ sleeps for an hour, so tests can prove that a crash or a hang inside the native library does
 * not take Keeper down. Both are above 2^53, which also proves the uint64 seq crosses the FFI boundary intact.
 *
 * Build: gcc -shared -fPIC -O2 -o finance_sdk_double.so finance_sdk_double.c   (see build.mjs)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

/* Return codes of the official SDK (protocol.md §7.1). */
enum {
  SDK_OK = 0,
  SDK_BAD_PARAMS = 10000,
  SDK_NETWORK = 10001,
  SDK_PARSE = 10002,
  SDK_SYSTEM = 10003,
  SDK_BAD_FILEID = 10005,
  SDK_DECRYPT_FAILED = 10006,
  SDK_BAD_ENCRYPT_KEY = 10008,
};

#define DOUBLE_ABORT_SEQ 9007199254740993ULL /* 2^53 + 1 */
#define DOUBLE_HANG_SEQ 9007199254740995ULL  /* 2^53 + 3 */
#define MAX_RESPONSE_BYTES (64u * 1024u * 1024u)

/* ---- types of the official header ------------------------------------------------------------------ */

typedef struct Slice_t {
  char *buf;
  int len;
} Slice_t;

typedef struct MediaData {
  char *outindexbuf;
  int out_len;
  char *data;
  int data_len;
  int is_finish;
} MediaData_t;

typedef struct WeWorkFinanceSdk_t {
  char *corpid;
  char *secret;
} WeWorkFinanceSdk_t;

/* ---- small helpers --------------------------------------------------------------------------------- */

static char *dup_bytes(const char *src, size_t len) {
  char *out = malloc(len + 1);
  if (!out) return NULL;
  if (len) memcpy(out, src, len);
  out[len] = '\0'; /* callers of GetContentFromSlice treat it as a C string */
  return out;
}

typedef struct {
  char *buf;
  size_t len, cap;
} Buf;

static int buf_append(Buf *b, const char *src, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + n + 1) cap *= 2;
    char *next = realloc(b->buf, cap);
    if (!next) return -1;
    b->buf = next;
    b->cap = cap;
  }
  memcpy(b->buf + b->len, src, n);
  b->len += n;
  b->buf[b->len] = '\0';
  return 0;
}

/* Appends a JSON string literal; the secret and ids are ASCII in practice, but escape what JSON requires. */
static int buf_append_json_string(Buf *b, const char *s) {
  if (buf_append(b, "\"", 1)) return -1;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    char esc[8];
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      if (buf_append(b, esc, 2)) return -1;
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      if (buf_append(b, esc, 6)) return -1;
    } else if (buf_append(b, (const char *)&c, 1)) {
      return -1;
    }
  }
  return buf_append(b, "\"", 1);
}

/* ---- base64 ---------------------------------------------------------------------------------------- */

static int b64_value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

/* Decodes standard base64 (padding optional, no whitespace); returns malloc'd bytes or NULL. */
static unsigned char *b64_decode(const char *in, size_t in_len, size_t *out_len) {
  while (in_len > 0 && in[in_len - 1] == '=') in_len--;
  if (in_len % 4 == 1) return NULL;
  unsigned char *out = malloc(in_len / 4 * 3 + 3);
  if (!out) return NULL;
  size_t o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in_len; i++) {
    int v = b64_value((unsigned char)in[i]);
    if (v < 0) {
      free(out);
      return NULL;
    }
    acc = (acc << 6) | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (unsigned char)(acc >> bits);
    }
  }
  *out_len = o;
  return out;
}

/* ---- ChaCha20 (RFC 8439), the test double's symmetric layer ---------------------------------------- */

#define ROTL32(v, n) (((v) << (n)) | ((v) >> (32 - (n))))
#define QR(a, b, c, d)                                                                                       \
  a += b; d ^= a; d = ROTL32(d, 16);                                                                         \
  c += d; b ^= c; b = ROTL32(b, 12);                                                                         \
  a += b; d ^= a; d = ROTL32(d, 8);                                                                          \
  c += d; b ^= c; b = ROTL32(b, 7);

static uint32_t load32_le(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void chacha20_block(const uint32_t in[16], unsigned char out[64]) {
  uint32_t x[16];
  memcpy(x, in, sizeof x);
  for (int i = 0; i < 10; i++) {
    QR(x[0], x[4], x[8], x[12]) QR(x[1], x[5], x[9], x[13]) QR(x[2], x[6], x[10], x[14])
    QR(x[3], x[7], x[11], x[15]) QR(x[0], x[5], x[10], x[15]) QR(x[1], x[6], x[11], x[12])
    QR(x[2], x[7], x[8], x[13]) QR(x[3], x[4], x[9], x[14])
  }
  for (int i = 0; i < 16; i++) {
    uint32_t v = x[i] + in[i];
    out[4 * i] = (unsigned char)v;
    out[4 * i + 1] = (unsigned char)(v >> 8);
    out[4 * i + 2] = (unsigned char)(v >> 16);
    out[4 * i + 3] = (unsigned char)(v >> 24);
  }
}

/* XORs data in place with the ChaCha20 keystream of key (32 bytes), counter 0, nonce 0. */
static void chacha20_xor(const unsigned char key[32], unsigned char *data, size_t len) {
  uint32_t state[16] = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574};
  for (int i = 0; i < 8; i++) state[4 + i] = load32_le(key + 4 * i);
  unsigned char block[64];
  for (size_t off = 0; off < len; off += 64) {
    chacha20_block(state, block);
    state[12]++;
    size_t n = len - off < 64 ? len - off : 64;
    for (size_t i = 0; i < n; i++) data[off + i] ^= block[i];
  }
}

/* ---- HTTP/1.1 over a POSIX socket -------------------------------------------------------------------- */

typedef struct {
  char host[256];
  char port[8];
  char path[512];
} Endpoint;

static int parse_endpoint(Endpoint *e) {
  const char *url = getenv("FINANCE_SDK_DOUBLE_ENDPOINT");
  if (!url || strncmp(url, "http://", 7) != 0) return -1;
  const char *p = url + 7;
  const char *host_end;
  const char *after_host;
  if (*p == '[') { /* IPv6 literal */
    host_end = strchr(p, ']');
    if (!host_end) return -1;
    p++;
    after_host = host_end + 1;
  } else {
    host_end = p + strcspn(p, ":/");
    after_host = host_end;
  }
  size_t host_len = (size_t)(host_end - p);
  if (host_len == 0 || host_len >= sizeof e->host) return -1;
  memcpy(e->host, p, host_len);
  e->host[host_len] = '\0';
  const char *path = strchr(after_host, '/');
  if (*after_host == ':') {
    size_t port_len = (size_t)((path ? path : after_host + strlen(after_host)) - (after_host + 1));
    if (port_len == 0 || port_len >= sizeof e->port) return -1;
    memcpy(e->port, after_host + 1, port_len);
    e->port[port_len] = '\0';
  } else {
    strcpy(e->port, "80");
  }
  snprintf(e->path, sizeof e->path, "%s", path ? path : "");
  size_t n = strlen(e->path);
  if (n > 0 && e->path[n - 1] == '/') e->path[n - 1] = '\0';
  return 0;
}

static int connect_with_timeout(const Endpoint *e, int timeout_sec) {
  struct addrinfo hints = {0}, *res = NULL;
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if (getaddrinfo(e->host, e->port, &hints, &res) != 0) return -1;
  int fd = -1;
  struct timeval tv = {.tv_sec = timeout_sec > 0 ? timeout_sec : 30, .tv_usec = 0};
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    /* On Linux SO_SNDTIMEO also bounds connect(); SO_RCVTIMEO bounds each read. */
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

static int send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* Decodes a chunked body in place; returns its length or -1. */
static long dechunk(char *body, size_t len) {
  size_t in = 0, out = 0;
  for (;;) {
    char *end;
    unsigned long size = strtoul(body + in, &end, 16);
    char *line_end = strstr(body + in, "\r\n");
    if (!line_end || end == body + in) return -1;
    in = (size_t)(line_end - body) + 2;
    if (size == 0) return (long)out;
    if (in + size > len) return -1;
    memmove(body + out, body + in, size);
    out += size;
    in += size + 2;
  }
}

/*
 * POSTs a JSON body to <endpoint><suffix> and returns the response body (malloc'd, NUL-terminated).
 * Returns SDK_OK, SDK_NETWORK (cannot connect, reset, timeout) or SDK_PARSE (not an HTTP 200 answer).
 */
static int http_post(const char *suffix, const char *json, int timeout_sec, char **out, size_t *out_len) {
  Endpoint e;
  if (parse_endpoint(&e) != 0) return SDK_BAD_PARAMS;
  int fd = connect_with_timeout(&e, timeout_sec);
  if (fd < 0) return SDK_NETWORK;
  Buf req = {0};
  char head[1024];
  int head_len = snprintf(head, sizeof head,
                          "POST %s%s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %zu\r\nConnection: close\r\n\r\n",
                          e.path, suffix, e.host, e.port, strlen(json));
  if (head_len < 0 || (size_t)head_len >= sizeof head || buf_append(&req, head, (size_t)head_len) ||
      buf_append(&req, json, strlen(json))) {
    free(req.buf);
    close(fd);
    return SDK_SYSTEM;
  }
  int rc = send_all(fd, req.buf, req.len);
  free(req.buf);
  if (rc != 0) {
    close(fd);
    return SDK_NETWORK;
  }
  Buf res = {0};
  char chunk[16384];
  for (;;) {
    ssize_t n = recv(fd, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || res.len + (size_t)n > MAX_RESPONSE_BYTES) {
      free(res.buf);
      close(fd);
      return SDK_NETWORK;
    }
    if (n == 0) break;
    if (buf_append(&res, chunk, (size_t)n)) {
      free(res.buf);
      close(fd);
      return SDK_SYSTEM;
    }
  }
  close(fd);
  char *sep = res.buf ? strstr(res.buf, "\r\n\r\n") : NULL;
  if (!sep) {
    free(res.buf);
    return res.len == 0 ? SDK_NETWORK : SDK_PARSE; /* nothing at all: the connection was dropped */
  }
  int status = 0;
  if (sscanf(res.buf, "HTTP/1.%*d %d", &status) != 1 || status != 200) {
    free(res.buf);
    return SDK_PARSE;
  }
  *sep = '\0';
  int chunked = strcasestr(res.buf, "\r\ntransfer-encoding: chunked") != NULL;
  char *body = sep + 4;
  size_t body_len = res.len - (size_t)(body - res.buf);
  if (chunked) {
    long n = dechunk(body, body_len);
    if (n < 0) {
      free(res.buf);
      return SDK_PARSE;
    }
    body_len = (size_t)n;
  }
  *out = dup_bytes(body, body_len);
  *out_len = body_len;
  free(res.buf);
  return *out ? SDK_OK : SDK_SYSTEM;
}

/* ---- a minimal reader for the simulator's flat JSON answers ----------------------------------------- */

/* Points at the value of "key" in a flat JSON object, or NULL. */
static const char *json_value(const char *json, const char *key) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":", key);
  const char *p = strstr(json, pattern);
  if (!p) return NULL;
  p += strlen(pattern);
  while (*p == ' ') p++;
  return p;
}

static int json_long(const char *json, const char *key, long *out) {
  const char *p = json_value(json, key);
  if (!p) return -1;
  char *end;
  *out = strtol(p, &end, 10);
  return end == p ? -1 : 0;
}

/* A string value without escapes (base64 and digits only), copied out; NULL if absent or not a string. */
static char *json_plain_string(const char *json, const char *key, size_t *len) {
  const char *p = json_value(json, key);
  if (!p || *p != '"') return NULL;
  const char *end = strchr(p + 1, '"');
  if (!end) return NULL;
  *len = (size_t)(end - p - 1);
  return dup_bytes(p + 1, *len);
}

/* ---- the exported API (WeWorkFinanceSdk_C.h) --------------------------------------------------------- */

EXPORT WeWorkFinanceSdk_t *NewSdk(void) { return calloc(1, sizeof(WeWorkFinanceSdk_t)); }

EXPORT int Init(WeWorkFinanceSdk_t *sdk, const char *corpid, const char *secret) {
  if (!sdk || !corpid || !secret || !*corpid || !*secret) return SDK_BAD_PARAMS;
  Endpoint e;
  if (parse_endpoint(&e) != 0) return SDK_BAD_PARAMS; /* FINANCE_SDK_DOUBLE_ENDPOINT missing or not http:// */
  free(sdk->corpid);
  free(sdk->secret);
  sdk->corpid = strdup(corpid);
  sdk->secret = strdup(secret);
  return sdk->corpid && sdk->secret ? SDK_OK : SDK_SYSTEM;
}

EXPORT void DestroySdk(WeWorkFinanceSdk_t *sdk) {
  if (!sdk) return;
  free(sdk->corpid);
  free(sdk->secret);
  free(sdk);
}

static void slice_set(Slice_t *slice, char *buf, size_t len) {
  free(slice->buf);
  slice->buf = buf;
  slice->len = (int)len;
}

EXPORT int GetChatData(WeWorkFinanceSdk_t *sdk, unsigned long long seq, unsigned int limit, const char *proxy,
                       const char *passwd, int timeout, Slice_t *chatDatas) {
  (void)proxy;
  (void)passwd;
  if (!sdk || !sdk->secret || !chatDatas) return SDK_BAD_PARAMS;
  if (seq == DOUBLE_ABORT_SEQ) abort();
  if (seq == DOUBLE_HANG_SEQ) sleep(3600);
  Buf body = {0};
  char numbers[64];
  snprintf(numbers, sizeof numbers, "{\"seq\":%llu,\"limit\":%u,\"corpid\":", seq, limit);
  if (buf_append(&body, numbers, strlen(numbers)) || buf_append_json_string(&body, sdk->corpid) ||
      buf_append(&body, ",\"secret\":", 10) || buf_append_json_string(&body, sdk->secret) ||
      buf_append(&body, "}", 1)) {
    free(body.buf);
    return SDK_SYSTEM;
  }
  char *reply = NULL;
  size_t reply_len = 0;
  int rc = http_post("/chatdata", body.buf, timeout, &reply, &reply_len);
  free(body.buf);
  if (rc != SDK_OK) return rc;
  /* Like the real SDK, WeCom's own errors (41001, 301053…) come back inside the JSON with return code 0. */
  slice_set(chatDatas, reply, reply_len);
  return SDK_OK;
}

EXPORT int DecryptData(const char *encrypt_key, const char *encrypt_msg, Slice_t *msg) {
  if (!encrypt_key || !encrypt_msg || !msg) return SDK_BAD_PARAMS;
  if (strlen(encrypt_key) != 32) return SDK_BAD_ENCRYPT_KEY;
  size_t len = 0;
  unsigned char *data = b64_decode(encrypt_msg, strlen(encrypt_msg), &len);
  if (!data) return SDK_BAD_PARAMS;
  chacha20_xor((const unsigned char *)encrypt_key, data, len);
  /* A wrong key yields noise; the message is always a JSON object. */
  if (len == 0 || data[0] != '{') {
    free(data);
    return SDK_DECRYPT_FAILED;
  }
  char *out = dup_bytes((const char *)data, len);
  free(data);
  if (!out) return SDK_SYSTEM;
  slice_set(msg, out, len);
  return SDK_OK;
}

EXPORT int GetMediaData(WeWorkFinanceSdk_t *sdk, const char *indexbuf, const char *sdkFileid, const char *proxy,
                        const char *passwd, int timeout, MediaData_t *media_data) {
  (void)proxy;
  (void)passwd;
  if (!sdk || !sdk->secret || !sdkFileid || !*sdkFileid || !media_data) return SDK_BAD_PARAMS;
  Buf body = {0};
  if (buf_append(&body, "{\"sdkfileid\":", 13) || buf_append_json_string(&body, sdkFileid) ||
      buf_append(&body, ",\"indexbuf\":", 12) || buf_append_json_string(&body, indexbuf ? indexbuf : "") ||
      buf_append(&body, ",\"corpid\":", 10) || buf_append_json_string(&body, sdk->corpid) ||
      buf_append(&body, ",\"secret\":", 10) || buf_append_json_string(&body, sdk->secret) ||
      buf_append(&body, "}", 1)) {
    free(body.buf);
    return SDK_SYSTEM;
  }
  char *reply = NULL;
  size_t reply_len = 0;
  int rc = http_post("/media", body.buf, timeout, &reply, &reply_len);
  free(body.buf);
  if (rc != SDK_OK) return rc;
  long errcode = 0, is_finish = 0;
  if (json_long(reply, "errcode", &errcode) != 0) {
    free(reply);
    return SDK_PARSE;
  }
  if (errcode != 0) {
    free(reply);
    if (errcode >= 10000 && errcode <= 10011) return (int)errcode;
    return errcode == -1 ? SDK_SYSTEM : SDK_BAD_PARAMS;
  }
  size_t index_len = 0, data_b64_len = 0, data_len = 0;
  char *index = json_plain_string(reply, "outindexbuf", &index_len);
  char *data_b64 = json_plain_string(reply, "data", &data_b64_len);
  int finish_ok = json_long(reply, "is_finish", &is_finish) == 0;
  free(reply);
  unsigned char *data = data_b64 ? b64_decode(data_b64, data_b64_len, &data_len) : NULL;
  free(data_b64);
  if (!index || !data || !finish_ok) {
    free(index);
    free(data);
    return SDK_PARSE;
  }
  free(media_data->outindexbuf);
  free(media_data->data);
  media_data->outindexbuf = index;
  media_data->out_len = (int)index_len;
  media_data->data = (char *)data;
  media_data->data_len = (int)data_len;
  media_data->is_finish = is_finish ? 1 : 0;
  return SDK_OK;
}

EXPORT Slice_t *NewSlice(void) { return calloc(1, sizeof(Slice_t)); }

EXPORT void FreeSlice(Slice_t *slice) {
  if (!slice) return;
  free(slice->buf);
  free(slice);
}

EXPORT char *GetContentFromSlice(Slice_t *slice) { return slice ? slice->buf : NULL; }

EXPORT int GetSliceLen(Slice_t *slice) { return slice ? slice->len : 0; }

EXPORT MediaData_t *NewMediaData(void) { return calloc(1, sizeof(MediaData_t)); }

EXPORT void FreeMediaData(MediaData_t *media_data) {
  if (!media_data) return;
  free(media_data->outindexbuf);
  free(media_data->data);
  free(media_data);
}

EXPORT char *GetOutIndexBuf(MediaData_t *media_data) { return media_data ? media_data->outindexbuf : NULL; }

EXPORT char *GetData(MediaData_t *media_data) { return media_data ? media_data->data : NULL; }

EXPORT int GetIndexLen(MediaData_t *media_data) { return media_data ? media_data->out_len : 0; }

EXPORT int GetDataLen(MediaData_t *media_data) { return media_data ? media_data->data_len : 0; }

EXPORT int IsMediaDataFinish(MediaData_t *media_data) { return media_data ? media_data->is_finish : 0; }
