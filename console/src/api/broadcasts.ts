import {
  audienceCountSchema,
  broadcastSettingsSchema,
  campaignFunnelSchema,
  campaignPageSchema,
  campaignPreviewSchema,
  campaignSchema,
  reachedCampaignSchema,
  recipientPageSchema,
  remindResultSchema,
  segmentSchema,
  type AudienceCount,
  type AudienceCountRequest,
  type BroadcastSettings,
  type Campaign,
  type CampaignFunnel,
  type CampaignInput,
  type CampaignListQuery,
  type CampaignPreview,
  type Page,
  type ReachedCampaign,
  type Recipient,
  type RecipientListQuery,
  type RemindCampaign,
  type RemindResult,
  type Segment,
  type SegmentInput,
} from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

/** Every filter is optional on the wire: the server applies the contract's defaults. */
export type CampaignListParams = Partial<CampaignListQuery>;
export type RecipientListParams = Partial<RecipientListQuery>;

const ID = encodeURIComponent;
const campaignPath = (id: string): string => `/api/broadcasts/${ID(id)}`;

function listOf<T>(item: ResponseSchema<T>, what: string): ResponseSchema<T[]> {
  return {
    parse(data) {
      if (!Array.isArray(data)) throw new Error(`expected an array of ${what}`);
      return data.map((each) => item.parse(each));
    },
  };
}

const segmentListSchema = listOf<Segment>(segmentSchema, 'segments');
const reachedListSchema = listOf<ReachedCampaign>(reachedCampaignSchema, 'campaigns');

// ---- audience and segments --------------------------------------------------------------------------------

/** The live count of an audience: customers (each once), owner relations merged away, senders. */
export function countAudienceApi(
  body: AudienceCountRequest,
  options: ApiCallOptions = {},
): Promise<AudienceCount> {
  return http.post('/api/broadcasts/audience/count', body, { schema: audienceCountSchema, ...options });
}

export function getSegmentListApi(options: ApiCallOptions = {}): Promise<Segment[]> {
  return http.get('/api/broadcasts/segments', { schema: segmentListSchema, ...options });
}

export function createSegmentApi(body: SegmentInput): Promise<Segment> {
  return http.post('/api/broadcasts/segments', body, { schema: segmentSchema });
}

export function updateSegmentApi(id: string, body: SegmentInput): Promise<Segment> {
  return http.put(`/api/broadcasts/segments/${ID(id)}`, body, { schema: segmentSchema });
}

export function deleteSegmentApi(id: string): Promise<void> {
  return http.delete(`/api/broadcasts/segments/${ID(id)}`);
}

// ---- settings ---------------------------------------------------------------------------------------------

export function getBroadcastSettingsApi(options: ApiCallOptions = {}): Promise<BroadcastSettings> {
  return http.get('/api/broadcasts/settings', { schema: broadcastSettingsSchema, ...options });
}

/** Corp-wide admins only: the receive rule as set in WeCom, and whether campaigns need a manager's approval. */
export function updateBroadcastSettingsApi(body: BroadcastSettings): Promise<BroadcastSettings> {
  return http.put('/api/broadcasts/settings', body, { schema: broadcastSettingsSchema });
}

// ---- campaigns --------------------------------------------------------------------------------------------

export function getCampaignListApi(
  query: CampaignListParams,
  options: ApiCallOptions = {},
): Promise<Page<Campaign>> {
  return http.get('/api/broadcasts', { query: { ...query }, schema: campaignPageSchema, ...options });
}

/** Saves a new campaign as a draft. */
export function createCampaignApi(body: CampaignInput): Promise<Campaign> {
  return http.post('/api/broadcasts', body, { schema: campaignSchema });
}

export function getCampaignApi(id: string, options: ApiCallOptions = {}): Promise<Campaign> {
  return http.get(campaignPath(id), { schema: campaignSchema, ...options });
}

/** Drafts and rejected campaigns only. */
export function updateCampaignApi(id: string, body: CampaignInput): Promise<Campaign> {
  return http.put(campaignPath(id), body, { schema: campaignSchema });
}

/** Drafts only. */
export function deleteCampaignApi(id: string): Promise<void> {
  return http.delete(campaignPath(id));
}

/** Who would go, who the receive rule would refuse, how many WeCom tasks, what the content check found. */
export function previewCampaignApi(id: string): Promise<CampaignPreview> {
  return http.post(`${campaignPath(id)}/preview`, undefined, { schema: campaignPreviewSchema });
}

/** To approval when the setting asks for it; otherwise scheduled or submitting at once. */
export function submitCampaignApi(id: string): Promise<Campaign> {
  return http.post(`${campaignPath(id)}/submit`, undefined, { schema: campaignSchema });
}

export function approveCampaignApi(id: string): Promise<Campaign> {
  return http.post(`${campaignPath(id)}/approve`, undefined, { schema: campaignSchema });
}

export function rejectCampaignApi(id: string, reason: string): Promise<Campaign> {
  return http.post(`${campaignPath(id)}/reject`, { reason }, { schema: campaignSchema });
}

export function cancelCampaignApi(id: string): Promise<Campaign> {
  return http.post(`${campaignPath(id)}/cancel`, undefined, { schema: campaignSchema });
}

/** Tells the senders who have not sent yet, through WeCom (three a day) or a bot card. */
export function remindCampaignApi(id: string, body: RemindCampaign): Promise<RemindResult> {
  return http.post(`${campaignPath(id)}/remind`, body, { schema: remindResultSchema });
}

/** Pulls the results from WeCom now instead of at the next scheduled poll. */
export function refreshCampaignApi(id: string): Promise<Campaign> {
  return http.post(`${campaignPath(id)}/refresh`, undefined, { schema: campaignSchema });
}

export function getCampaignFunnelApi(id: string, options: ApiCallOptions = {}): Promise<CampaignFunnel> {
  return http.get(`${campaignPath(id)}/funnel`, { schema: campaignFunnelSchema, ...options });
}

export function getRecipientListApi(
  id: string,
  query: RecipientListParams,
  options: ApiCallOptions = {},
): Promise<Page<Recipient>> {
  return http.get(`${campaignPath(id)}/recipients`, {
    query: { ...query },
    schema: recipientPageSchema,
    ...options,
  });
}

/** The report is a spreadsheet the browser downloads itself (with the session cookie). */
export function campaignExportUrl(id: string): string {
  return http.url(`${campaignPath(id)}/export`);
}

/** The campaigns that reached one customer, newest first: the customer's timeline of mass messages. */
export function getReachedCampaignsApi(
  externalUserId: string,
  options: ApiCallOptions = {},
): Promise<ReachedCampaign[]> {
  return http.get(`/api/broadcasts/reached/${ID(externalUserId)}`, { schema: reachedListSchema, ...options });
}
