import type { AppMessage, SendAppMessageReply } from './types/app-message';
import type { UserInfoByCodeReply } from './types/auth';
import type {
  AddContactWayReply,
  AddContactWayRequest,
  GetContactWayReply,
  ListContactWayReply,
  ListContactWayRequest,
  UpdateContactWayRequest,
} from './types/contact-way';
import type {
  Department,
  DepartmentListReply,
  DirectoryUser,
  UserGetReply,
  UserListIdReply,
  UserListIdRequest,
  UserListReply,
} from './types/directory';
import type {
  AddCorpTagReply,
  AddCorpTagRequest,
  BatchGetByUserReply,
  BatchGetByUserRequest,
  CorpTagListReply,
  CorpTagListRequest,
  DeleteCorpTagRequest,
  EditCorpTagRequest,
  ExternalContactGetReply,
  ExternalContactListReply,
  FollowUserListReply,
  GroupChatGetReply,
  GroupChatGetRequest,
  GroupChatListReply,
  GroupChatListRequest,
  MarkTagRequest,
  RemarkRequest,
  SendWelcomeMessageRequest,
} from './types/external-contact';
import type { MediaFile, MediaType, UploadImageReply, UploadMediaReply } from './types/media';
import type {
  AddMessageTemplateReply,
  AddMessageTemplateRequest,
  GroupMessageListReply,
  GroupMessageListRequest,
  GroupMessageSendResultReply,
  GroupMessageSendResultRequest,
  GroupMessageTaskReply,
  GroupMessageTaskRequest,
} from './types/mass-message';
import type {
  ArchiveRoomReply,
  CheckAgreeReply,
  CheckSingleAgreeRequest,
  PermitUserListReply,
} from './types/msgaudit';
import type {
  GroupChatTransferReply,
  GroupChatTransferRequest,
  OnJobTransferCustomerRequest,
  TransferCustomerReply,
  TransferCustomerRequest,
  TransferResultReply,
  TransferResultRequest,
  UnassignedListReply,
  UnassignedListRequest,
} from './types/transfer';
import { WeComError } from './wecom-error';
import type { QueryValue, WeComCredential, WeComHttp, WeComReply } from './wecom-http';

/** Per-call options every method accepts last. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

const EXTERNAL = '/cgi-bin/externalcontact';
/** "No external-contact relationship"; on externalcontact/list it just means the member has no customers. */
const NO_RELATIONSHIP = 84061;
/** "invalid tagid": no tag or tag group with that id. */
const UNKNOWN_TAG = 40068;
/** "UserTag Name Already Exist" in that group. */
const TAG_NAME_TAKEN = 40071;
/** "invalid config_id" (protocol §9). */
const UNKNOWN_CONTACT_WAY = 41044;
/** The mass message was cancelled already (protocol §6.2). */
const ALREADY_CANCELLED = 41093;
/** Uploads carry up to 20 MB: more time than a query needs. */
const UPLOAD_TIMEOUT_MS = 120_000;

/**
 * Typed WeCom API for one credential. Build one per secret — the customer-contact app, the archive secret, the
 * bot's agent — over one shared {@link WeComHttp}. Requests and replies keep WeCom's snake_case JSON (its wire
 * contract); methods that return a bare list say so, all others return WeCom's reply object.
 * Every method rejects with `WeComError` (non-zero errcode) or `WeComNetworkError`.
 */
export class WeComClient {
  constructor(
    readonly credential: WeComCredential,
    private readonly http: WeComHttp,
  ) {}

  /** The access token of this credential (cached). For server-side calls only; never send it to a browser. */
  getAccessToken(options?: CallOptions): Promise<string> {
    return this.http.accessToken(this.credential, options?.signal);
  }

  // ---- directory (§8) ------------------------------------------------------------------------------------------

  /** The department `id` and its subtree, or every visible department. */
  async listDepartments(id?: number, options?: CallOptions): Promise<readonly Department[]> {
    const reply = await this.get<DepartmentListReply>('/cgi-bin/department/list', { id }, options);
    return reply.department;
  }

  /** Members of a department (with details). Large corps should page with {@link listUserIds}. */
  async listUsers(departmentId: number, options?: CallOptions): Promise<readonly DirectoryUser[]> {
    const reply = await this.get<UserListReply>(
      '/cgi-bin/user/list',
      { department_id: departmentId },
      options,
    );
    return reply.userlist;
  }

  listUserIds(request: UserListIdRequest = {}, options?: CallOptions): Promise<UserListIdReply> {
    return this.post('/cgi-bin/user/list_id', request, true, options);
  }

  getUser(userId: string, options?: CallOptions): Promise<UserGetReply> {
    return this.get('/cgi-bin/user/get', { userid: userId }, options);
  }

  // ---- customers (§4) ------------------------------------------------------------------------------------------

  /** Members with customer-contact enabled. */
  async listFollowUsers(options?: CallOptions): Promise<readonly string[]> {
    const reply = await this.get<FollowUserListReply>(`${EXTERNAL}/get_follow_user_list`, {}, options);
    return reply.follow_user;
  }

  /** The external_userids of a member's customers; an empty list when the member has none (WeCom says 84061). */
  async listCustomerIds(userId: string, options?: CallOptions): Promise<readonly string[]> {
    try {
      const reply = await this.get<ExternalContactListReply>(`${EXTERNAL}/list`, { userid: userId }, options);
      return reply.external_userid ?? [];
    } catch (error) {
      if (error instanceof WeComError && error.code === NO_RELATIONSHIP) return [];
      throw error;
    }
  }

  /** One customer with all follow users; page with `cursor` when it has more than 500. */
  getCustomer(
    externalUserId: string,
    cursor?: string,
    options?: CallOptions,
  ): Promise<ExternalContactGetReply> {
    return this.get(`${EXTERNAL}/get`, { external_userid: externalUserId, cursor }, options);
  }

  /** Customers of up to 100 members, with the follow info of each relation: the reconciliation workhorse. */
  batchGetCustomersByUser(
    request: BatchGetByUserRequest,
    options?: CallOptions,
  ): Promise<BatchGetByUserReply> {
    return this.post(`${EXTERNAL}/batch/get_by_user`, request, true, options);
  }

  remarkCustomer(request: RemarkRequest, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/remark`, request, true, options);
  }

  listCorpTags(request: CorpTagListRequest = {}, options?: CallOptions): Promise<CorpTagListReply> {
    return this.post(`${EXTERNAL}/get_corp_tag_list`, request, true, options);
  }

  /**
   * Tag names are unique within a group (40071), so repeating the call cannot create a tag twice: after a lost
   * answer the repeat finds the names taken, and the tags are read back for the reply the answer carried.
   */
  addCorpTag(request: AddCorpTagRequest, options?: CallOptions): Promise<AddCorpTagReply> {
    return this.http.call<AddCorpTagReply>(
      this.credential,
      {
        method: 'POST',
        path: `${EXTERNAL}/add_corp_tag`,
        body: request,
        idempotent: true,
        signal: options?.signal,
      },
      { codes: new Set([TAG_NAME_TAKEN]), settle: () => this.findAddedTags(request, options) },
    );
  }

  editCorpTag(request: EditCorpTagRequest, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/edit_corp_tag`, request, true, options);
  }

  deleteCorpTag(request: DeleteCorpTagRequest, options?: CallOptions): Promise<WeComReply> {
    return this.remove(`${EXTERNAL}/del_corp_tag`, request, UNKNOWN_TAG, options);
  }

  markCustomerTags(request: MarkTagRequest, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/mark_tag`, request, true, options);
  }

  addContactWay(request: AddContactWayRequest, options?: CallOptions): Promise<AddContactWayReply> {
    return this.post(`${EXTERNAL}/add_contact_way`, request, false, options);
  }

  getContactWay(configId: string, options?: CallOptions): Promise<GetContactWayReply> {
    return this.post(`${EXTERNAL}/get_contact_way`, { config_id: configId }, true, options);
  }

  updateContactWay(request: UpdateContactWayRequest, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/update_contact_way`, request, true, options);
  }

  deleteContactWay(configId: string, options?: CallOptions): Promise<WeComReply> {
    return this.remove(`${EXTERNAL}/del_contact_way`, { config_id: configId }, UNKNOWN_CONTACT_WAY, options);
  }

  listContactWays(request: ListContactWayRequest = {}, options?: CallOptions): Promise<ListContactWayReply> {
    return this.post(`${EXTERNAL}/list_contact_way`, request, true, options);
  }

  /** Within 20 s of add_external_contact; not retried after a timeout, so the customer is never welcomed twice. */
  sendWelcomeMessage(request: SendWelcomeMessageRequest, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/send_welcome_msg`, request, false, options);
  }

  listGroupChats(request: GroupChatListRequest, options?: CallOptions): Promise<GroupChatListReply> {
    return this.post(`${EXTERNAL}/groupchat/list`, request, true, options);
  }

  getGroupChat(request: GroupChatGetRequest, options?: CallOptions): Promise<GroupChatGetReply> {
    return this.post(`${EXTERNAL}/groupchat/get`, request, true, options);
  }

  // ---- departures and transfers (§5) ---------------------------------------------------------------------------

  listUnassignedCustomers(
    request: UnassignedListRequest = {},
    options?: CallOptions,
  ): Promise<UnassignedListReply> {
    return this.post(`${EXTERNAL}/get_unassigned_list`, request, true, options);
  }

  /** 离职继承: hand a departed member's customers (≤ 100) to a colleague. */
  transferResignedCustomers(
    request: TransferCustomerRequest,
    options?: CallOptions,
  ): Promise<TransferCustomerReply> {
    return this.post(`${EXTERNAL}/resigned/transfer_customer`, request, false, options);
  }

  getResignedTransferResult(
    request: TransferResultRequest,
    options?: CallOptions,
  ): Promise<TransferResultReply> {
    return this.post(`${EXTERNAL}/resigned/transfer_result`, request, true, options);
  }

  /** 在职继承: at most twice per customer within 90 days (40128). */
  transferOnJobCustomers(
    request: OnJobTransferCustomerRequest,
    options?: CallOptions,
  ): Promise<TransferCustomerReply> {
    return this.post(`${EXTERNAL}/transfer_customer`, request, false, options);
  }

  getOnJobTransferResult(
    request: TransferResultRequest,
    options?: CallOptions,
  ): Promise<TransferResultReply> {
    return this.post(`${EXTERNAL}/transfer_result`, request, true, options);
  }

  transferResignedGroupChats(
    request: GroupChatTransferRequest,
    options?: CallOptions,
  ): Promise<GroupChatTransferReply> {
    return this.post(`${EXTERNAL}/groupchat/transfer`, request, false, options);
  }

  transferOnJobGroupChats(
    request: GroupChatTransferRequest,
    options?: CallOptions,
  ): Promise<GroupChatTransferReply> {
    return this.post(`${EXTERNAL}/groupchat/onjob_transfer`, request, false, options);
  }

  // ---- mass reachout (§6) --------------------------------------------------------------------------------------

  /** Creates a mass-message task the sender confirms in the client. */
  addMessageTemplate(
    request: AddMessageTemplateRequest,
    options?: CallOptions,
  ): Promise<AddMessageTemplateReply> {
    return this.post(`${EXTERNAL}/add_msg_template`, request, false, options);
  }

  listGroupMessages(request: GroupMessageListRequest, options?: CallOptions): Promise<GroupMessageListReply> {
    return this.post(`${EXTERNAL}/get_groupmsg_list_v2`, request, true, options);
  }

  getGroupMessageTasks(
    request: GroupMessageTaskRequest,
    options?: CallOptions,
  ): Promise<GroupMessageTaskReply> {
    return this.post(`${EXTERNAL}/get_groupmsg_task`, request, true, options);
  }

  getGroupMessageSendResult(
    request: GroupMessageSendResultRequest,
    options?: CallOptions,
  ): Promise<GroupMessageSendResultReply> {
    return this.post(`${EXTERNAL}/get_groupmsg_send_result`, request, true, options);
  }

  cancelGroupMessage(msgId: string, options?: CallOptions): Promise<WeComReply> {
    return this.remove(`${EXTERNAL}/cancel_groupmsg_send`, { msgid: msgId }, ALREADY_CANCELLED, options);
  }

  /** At most 3 reminders per 24 h (41094), so not retried after a timeout. */
  remindGroupMessage(msgId: string, options?: CallOptions): Promise<WeComReply> {
    return this.post(`${EXTERNAL}/remind_groupmsg_send`, { msgid: msgId }, false, options);
  }

  // ---- media (§13) ---------------------------------------------------------------------------------------------

  /**
   * Uploads temporary media for attachments (mass messages, welcome messages): its media_id is valid three days.
   * Repeated after a lost answer: a second upload only makes another media_id, and the first one is never used.
   */
  uploadMedia(type: MediaType, file: MediaFile, options?: CallOptions): Promise<UploadMediaReply> {
    return this.upload('/cgi-bin/media/upload', { type }, file, options);
  }

  /**
   * Uploads an image for a permanent URL shown inside WeCom (a link's cover, an image's pic_url). Repeated after a
   * lost answer like {@link uploadMedia}; each upload counts against WeCom's 1,000 a day.
   */
  uploadImage(file: MediaFile, options?: CallOptions): Promise<UploadImageReply> {
    return this.upload('/cgi-bin/media/uploadimg', {}, file, options);
  }

  // ---- chat archive (§7.4, archive secret) ---------------------------------------------------------------------

  /** Members whose chats are archived; `type` 1 office, 2 service, 3 enterprise edition. */
  async listArchivePermitUsers(type?: 1 | 2 | 3, options?: CallOptions): Promise<readonly string[]> {
    const body = type === undefined ? {} : { type };
    const reply = await this.post<PermitUserListReply>(
      '/cgi-bin/msgaudit/get_permit_user_list',
      body,
      true,
      options,
    );
    return reply.ids;
  }

  checkSingleChatAgreement(
    request: CheckSingleAgreeRequest,
    options?: CallOptions,
  ): Promise<CheckAgreeReply> {
    return this.post('/cgi-bin/msgaudit/check_single_agree', request, true, options);
  }

  checkRoomAgreement(roomId: string, options?: CallOptions): Promise<CheckAgreeReply> {
    return this.post('/cgi-bin/msgaudit/check_room_agree', { roomid: roomId }, true, options);
  }

  getArchiveRoom(roomId: string, options?: CallOptions): Promise<ArchiveRoomReply> {
    return this.post('/cgi-bin/msgaudit/groupchat/get', { roomid: roomId }, true, options);
  }

  // ---- app messages and login (§8) -----------------------------------------------------------------------------

  /**
   * Sends an app message as this credential's agent. Not retried after a timeout (it may have been delivered);
   * pass `enable_duplicate_check` when resending by hand.
   */
  sendMessage(message: AppMessage, options?: CallOptions): Promise<SendAppMessageReply> {
    const agentid = message.agentid ?? this.credential.agentId;
    if (agentid === undefined) {
      return Promise.reject(new TypeError('sendMessage needs an agentId on the credential or the message'));
    }
    return this.post('/cgi-bin/message/send', { ...message, agentid }, false, options);
  }

  /** Recalls an app message within 24 h of sending. */
  recallMessage(msgId: string, options?: CallOptions): Promise<WeComReply> {
    return this.post('/cgi-bin/message/recall', { msgid: msgId }, true, options);
  }

  /** Exchanges an OAuth / QR-login code (single-use, 5 min). Not retried: a used code fails with 40029. */
  getUserInfoByCode(code: string, options?: CallOptions): Promise<UserInfoByCodeReply> {
    return this.http.call(this.credential, {
      method: 'GET',
      path: '/cgi-bin/auth/getuserinfo',
      query: { code },
      idempotent: false,
      signal: options?.signal,
    });
  }

  /** The group and tags an add_corp_tag asked for, when every one of them is in WeCom now. */
  private async findAddedTags(
    request: AddCorpTagRequest,
    options: CallOptions | undefined,
  ): Promise<AddCorpTagReply | undefined> {
    const { tag_group: groups } = await this.listCorpTags(
      request.group_id ? { group_id: [request.group_id] } : {},
      options,
    );
    const group = groups.find((each) =>
      request.group_id ? each.group_id === request.group_id : each.group_name === request.group_name,
    );
    const names = new Set(request.tag.map((tag) => tag.name));
    const added = group?.tag.filter((tag) => names.has(tag.name)) ?? [];
    if (!group || added.length !== names.size) return undefined;
    return { errcode: 0, errmsg: 'ok', tag_group: { ...group, tag: added } };
  }

  /**
   * A removal may be repeated: after a lost answer the repeat finds nothing to remove (`goneCode`), which means
   * the earlier attempt removed it.
   */
  private remove(
    path: string,
    body: unknown,
    goneCode: number,
    options: CallOptions | undefined,
  ): Promise<WeComReply> {
    return this.http.call<WeComReply>(
      this.credential,
      { method: 'POST', path, body, idempotent: true, signal: options?.signal },
      { codes: new Set([goneCode]), settle: () => Promise.resolve({ errcode: 0, errmsg: 'ok' }) },
    );
  }

  private upload<T extends WeComReply>(
    path: string,
    query: Readonly<Record<string, QueryValue>>,
    file: MediaFile,
    options: CallOptions | undefined,
  ): Promise<T> {
    return this.http.call<T>(this.credential, {
      method: 'POST',
      path,
      query,
      upload: { field: 'media', ...file },
      timeoutMs: UPLOAD_TIMEOUT_MS,
      idempotent: true,
      signal: options?.signal,
    });
  }

  private get<T extends WeComReply>(
    path: string,
    query: Readonly<Record<string, QueryValue>>,
    options: CallOptions | undefined,
  ): Promise<T> {
    return this.http.call<T>(this.credential, {
      method: 'GET',
      path,
      query,
      idempotent: true,
      signal: options?.signal,
    });
  }

  private post<T extends WeComReply>(
    path: string,
    body: unknown,
    idempotent: boolean,
    options: CallOptions | undefined,
  ): Promise<T> {
    return this.http.call<T>(this.credential, {
      method: 'POST',
      path,
      body,
      idempotent,
      signal: options?.signal,
    });
  }
}
