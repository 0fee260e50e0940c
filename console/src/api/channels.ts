import { channelSchema, type Channel, type ChannelInput } from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

const ID = encodeURIComponent;
const channelPath = (id: string): string => `/api/channels/${ID(id)}`;

const channelListSchema: ResponseSchema<Channel[]> = {
  parse(data) {
    if (!Array.isArray(data)) throw new Error('expected an array of channels');
    return data.map((each) => channelSchema.parse(each));
  },
};

/** 渠道活码 whose members all lie in the caller's departments, with their figures and who is on duty now. */
export function getChannelListApi(options: ApiCallOptions = {}): Promise<Channel[]> {
  return http.get('/api/channels', { schema: channelListSchema, ...options });
}

export function createChannelApi(body: ChannelInput): Promise<Channel> {
  return http.post('/api/channels', body, { schema: channelSchema });
}

export function updateChannelApi(id: string, body: ChannelInput): Promise<Channel> {
  return http.put(channelPath(id), body, { schema: channelSchema });
}

export function setChannelEnabledApi(id: string, enabled: boolean): Promise<Channel> {
  return http.patch(channelPath(id), { enabled }, { schema: channelSchema });
}

export function deleteChannelApi(id: string): Promise<void> {
  return http.delete(channelPath(id));
}

/** The QR image WeCom made for the code, fetched by the server (a plain link: the browser downloads it). */
export function channelQrCodeUrl(id: string): string {
  return `${channelPath(id)}/qrcode.png`;
}
