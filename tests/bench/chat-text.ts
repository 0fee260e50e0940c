/** Realistic chat text for the archive benchmarks: what sales staff and customers write in WeCom. */

/** A deterministic PRNG, so every run generates the same chats. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = () => number;

export const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

const PRODUCTS = [
  '智能门锁',
  '空气净化器',
  '扫地机器人',
  '企业版年卡',
  '会员套餐',
  '定制礼盒',
  '净水器滤芯',
  '办公椅',
  '投影仪',
  '护肤套装',
  '奶粉',
  '儿童安全座椅',
  '课程',
  '装修方案',
  '保险计划',
];
const PLACES = ['上海', '北京', '杭州', '深圳', '广州', '成都', '南京', '苏州', '武汉', '西安'];

const MEMBER_LINES = [
  '您好，我是您的专属顾问，有什么问题随时找我。',
  '上次您问的{p}，今天刚到货，需要我给您留一台吗？',
  '这款{p}现在做活动，满三千减三百，活动到月底结束。',
  '合同我已经发到您邮箱了，麻烦您确认一下条款。',
  '您方便的话，明天下午三点我们视频沟通一下方案？',
  '发票已经开好了，电子版我稍后发给您。',
  '您的订单已经发货，快递单号稍后同步给您。',
  '{c}仓库今天有货，最快后天就能送到。',
  '这个价格已经是我们能给的最低折扣了，您再考虑一下。',
  '售后这边我帮您登记好了，师傅明天上午联系您。',
  '感谢您的信任，有任何问题都可以直接在这里留言。',
  '我们周六在{c}有个线下体验活动，欢迎您带家人过来。',
  '报价单我整理好了，一共三个方案，您看哪个更合适。',
  '新品{p}下周上市，老客户可以提前预订。',
  '您之前反馈的问题，技术同事已经处理好了，麻烦您再试一下。',
  '好的，收到，我马上跟进。',
  '没问题，我这边帮您申请一下。',
  '嗯嗯，明白了，我跟领导确认后回复您。',
  '这边给您备注了加急，今天下班前一定处理好。',
  '您看一下这个链接，里面有详细的参数介绍。',
];
const CUSTOMER_LINES = [
  '你好，请问{p}还有现货吗？',
  '价格能不能再优惠一点？我们公司一次要买二十台。',
  '好的，谢谢。',
  '收到了，我晚点看一下。',
  '发货大概要几天？我们在{c}。',
  '上次买的{p}有点问题，开机以后一直报错。',
  '能开专票吗？我们需要报销。',
  '我跟家里人商量一下再回复你。',
  '可以，那就按第二个方案来吧。',
  '明天下午我不在，后天可以吗？',
  '你们的售后电话是多少？',
  '麻烦把合同再发我一份，之前那份找不到了。',
  '这个颜色有没有别的可选？',
  '我朋友也想买，有没有推荐优惠？',
  '质量怎么样？保修几年？',
  '👍 好的',
  '行，那我先付定金。',
  '请问周末有人值班吗？',
  '今天能安排师傅上门吗？',
  '已经付款了，麻烦尽快安排发货。',
];
const GROUP_LINES = [
  '各位新朋友欢迎入群，有问题可以随时@我。',
  '本周团购{p}，群内专享价，名额有限。',
  '大家注意，周六的{c}活动改到下午两点开始。',
  '群公告已更新，请大家查看。',
  '今天的直播回放链接已经发在群里了。',
  '请问群里有人用过{p}吗？效果怎么样？',
  '我家用了半年，挺好用的。',
  '谢谢群主分享！',
];

export const RARE_WORD = '量子纠缠测试仪';

function fill(line: string, random: Random): string {
  return line.replace('{p}', pick(random, PRODUCTS)).replace('{c}', pick(random, PLACES));
}

/** One message of chat text: one or two sentences, as people type them. */
export function chatLine(random: Random, who: 'member' | 'customer' | 'group'): string {
  const pool = who === 'member' ? MEMBER_LINES : who === 'customer' ? CUSTOMER_LINES : GROUP_LINES;
  const first = fill(pick(random, pool), random);
  return random() < 0.25 ? `${first}${fill(pick(random, pool), random)}` : first;
}

export const LINK_TITLES = [
  '{p}产品手册（2025版）',
  '{c}门店地址与营业时间',
  '会员权益说明',
  '售后服务政策',
  '{p}使用教程视频',
];
export const FILE_NAMES = ['报价单', '合同', '产品参数', '安装说明', '发票', '验收单'];

export function linkTitle(random: Random): string {
  return fill(pick(random, LINK_TITLES), random);
}

export function fileName(random: Random): string {
  return `${pick(random, PRODUCTS)}${pick(random, FILE_NAMES)}`;
}

/** Messages an audit rule flags (private WeChat, private payment, bank cards). */
export const VIOLATION_LINES = [
  '加我私人微信 wxid_k3m9q2，价格还能再优惠，别在这里说。',
  '订单就别走公司了，微信转我个人，给你便宜五百。',
  '直接转账到我卡上吧，户名写我名字就行。',
  '我的收款码发你，扫我的收款码就行。',
  '这单走私账，比公司价便宜很多。',
];
