/**
 * Every message the dialogs send, in Simplified Chinese. Typed as `Templates`, so a key missing here or a
 * variable spelled differently from `en.ts` is a compile error.
 */
import type { OrderStatus } from '../shop-api.js';
import type { Templates } from './en.js';

const statusText: Readonly<Record<OrderStatus, string>> = {
  processing: '正在仓库备货中',
  shipped: '已发货，正在路上',
  out_for_delivery: '今天正在派送中',
  delivered: '已签收',
  cancelled: '已取消',
};

const refundStatusText = { requested: '已提交，正在审核', approved: '已审核通过', paid: '已退款到账', rejected: '未通过审核' } as const;

/** Chinese reply templates. */
const mediaWord = { image: '照片', audio: '语音', video: '视频', document: '文件' } as const;

export const zh: Templates = {
  greeting: '您好！我是店铺智能助手，可以帮您查询订单、办理退货退款、挑选商品。请问有什么可以帮您？',
  greetingOtherLanguage: 'You can also chat with me in English.',
  actionTrack: '查询订单',
  actionRefund: '退货退款',
  actionHuman: '转人工客服',
  actionRecommend: '推荐商品',
  actionCancelOrder: '取消这个订单',
  actionChangeAddress: '修改收货地址',
  actionRefundStatus: '查询退款进度',
  yes: '是',
  no: '否',
  skip: '跳过',
  anythingElse: '还有什么可以帮您的吗？',
  stopped: '好的，已为您取消当前操作。还有什么可以帮您的吗？',
  backToTopic: '我们继续刚才的问题：',
  yesNoReask: '不好意思，请问是“是”还是“否”呢？',

  askOrderNumber: '好的！请告诉我您的订单号，可以在订单确认邮件里找到，格式类似 A1001。',
  orderNotFoundRetry: (v) => `没有找到订单 ${v.number}。麻烦您核对一下确认邮件里的订单号再发给我，订单号以字母开头，例如 A1001。`,
  orderNumberMissingRetry: '没有看到订单号哦。订单号是字母加数字，例如 A1001。',
  orderNotFoundFinal: (v) => `抱歉，还是没有找到${v.number ? ` ${v.number} ` : '这个订单'}。人工客服可以用您的邮箱帮您查询，请点击“转人工客服”。`,
  trackStatus: (v) =>
    [
      `订单 ${v.number} ${statusText[v.status]}${v.deliveredAt ? `（签收时间：${v.deliveredAt}）` : ''}。`,
      v.carrier ? `快递公司：${v.carrier}${v.trackingNumber ? `，运单号 ${v.trackingNumber}` : ''}。` : '',
      v.eta ? `预计送达：${v.eta}。` : '',
    ]
      .filter(Boolean)
      .join('\n'),

  trackLate: '包裹比承诺的时间晚了，非常抱歉。如果两天内还没送到，我们的同事会帮您催促快递公司。',

  cancelConfirm: (v) => `订单 ${v.number}：${v.items}，共 ${v.total}。确定要取消这个订单吗？`,
  cancelDone: (v) => `已为您取消订单 ${v.number}，${v.total} 将在 3-5 个工作日内原路退回。`,
  cancelKept: (v) => `好的，订单 ${v.number} 保持不变。`,
  cancelShipped: (v) => `订单 ${v.number} 已经发货，暂时无法取消。收到商品后 30 天内可以申请退货并全额退款，到时告诉我“退款”就行。`,
  cancelAlready: (v) => `订单 ${v.number} 已经取消了，不需要再操作。`,

  refundAskReason: '好的，我来帮您办理。请问退款的原因是什么？',
  reasonDamaged: '商品损坏',
  reasonWrongItem: '发错商品',
  reasonChangedMind: '不想要了',
  refundRequested: (v) => `订单 ${v.number} 的退款申请（${v.amount}）已提交，预计 ${v.expectedBy} 前到账，退货面单会发到您的邮箱。`,
  refundNeedsPerson: (v) => `订单 ${v.number} 的退款金额（${v.amount}）超出了我可以直接处理的范围，我为您转给有权限的同事。`,
  refundNotEligible: (v) => `订单 ${v.number} 还在运输途中。签收后 30 天内都可以退货，到时我马上为您办理退款。`,
  refundStatus: (v) =>
    `订单 ${v.number} 的退款${v.amount ? `（${v.amount}）` : ''}${refundStatusText[v.status]}。` +
    (v.status === 'rejected' ? '人工客服可以为您说明原因。' : '') +
    (v.expectedBy && v.status !== 'rejected' && v.status !== 'paid' ? `预计 ${v.expectedBy} 前到账。` : ''),
  noRefund: (v) => `订单 ${v.number} 目前还没有退款记录，需要为您申请退款吗？`,
  actionRequestRefund: '申请退款',

  addressAsk: '请告诉我新的收货地址，包括街道、城市和邮编。',
  addressConfirm: (v) => `将订单 ${v.number} 的收货地址改为：\n${v.address}\n确认修改吗？`,
  addressDone: (v) => `已修改，订单 ${v.number} 将寄往新地址。`,
  addressKept: (v) => `好的，订单 ${v.number} 的地址没有修改。`,
  addressShipped: (v) => `订单 ${v.number} 已经出库，无法再修改地址了。${v.carrier ? `${v.carrier} 或许可以改派，` : ''}人工客服可以协助您处理。`,
  addressCancelled: (v) => `订单 ${v.number} 已取消，无需修改地址。`,

  verifyAsk: (v) => `为保护您的订单安全，请输入订单 ${v.number} 下单时使用的邮箱或手机号。`,
  verifyRetry: (v) => `与该订单登记的信息不符，请核对后重试（还可尝试 ${v.left} 次）。`,
  verifyNotContact: '这看起来不是邮箱或手机号。请输入下单时使用的邮箱或手机号，或回复“取消”结束。',
  verifyLocked: '抱歉，本次对话中无法确认这个订单属于您。人工客服核实您的身份后可以继续帮您，请点击“转人工客服”。',
  verifyExpired: (v) => `为了您的账户安全，修改订单 ${v.number} 前需要重新验证身份，请再告诉我一次您要办理的事项。`,

  spinSituation: '很乐意帮您挑选！先问几个小问题，不想回答可以点“跳过”。您想买什么？主要在什么场景使用？',
  spinProblem: '现在用的东西有什么让您不满意的地方吗？',
  spinImplication: '这对您的日常有什么影响？',
  spinNeed: '新的产品您最看重什么？方便的话也说说预算。',
  spinIntro: '根据您的需求，推荐以下商品：',
  spinLine: (v) => `${v.rank}. ${v.name}，${v.price}：${v.reasons}`,
  spinPopular: '很受顾客欢迎',
  spinNoMatch: '抱歉，暂时没有找到合适的现货。人工客服可以为您推荐其他选择，请点击“转人工客服”。',

  csatAsk: '请问您对本次服务满意吗？请打分：1（很差）到 5（很好）',
  csatReask: '不好意思，请回复 1 到 5 之间的数字。',
  csatThanks: (v) => `感谢您的 ${v.score} 分！很高兴能帮到您，祝您生活愉快！`,
  csatSorry: (v) => `感谢您如实打出 ${v.score} 分，这次没有做好，非常抱歉。您的意见会直接反馈给团队改进。`,
  csatSkipped: '没关系，感谢您的咨询！',

  mediaPassedOn: (v) => `收到您的${mediaWord[v.kind]}，谢谢！我这就转给同事，请同事和您一起查看处理。`,
  mediaCannotRead: (v) => `收到您的${mediaWord[v.kind]}，谢谢！不过我暂时看不了图片和文件。能用几句话说说是什么情况吗？也可以请人工客服帮您查看。`,
};
