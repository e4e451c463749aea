/**
 * The demo shop's own answers in Chinese, one per intent; the same content as `answers-en.ts`, written for
 * Chinese-speaking customers rather than translated word for word.
 */
import type { Intent } from '../../dialogs/intents.js';

/** Chinese answers, per intent. */
export const ANSWERS_ZH: Readonly<Record<Intent, string>> = {
  cancel_order: '订单发货前都可以取消，告诉我订单号，我马上帮您处理。已发货的订单可以在签收后 30 天内退货。',
  change_order: '订单发货前可以修改（尺码、颜色、数量）。最快的方式是取消后重新下单；也可以请人工客服帮您修改。',
  change_shipping_address: '订单发货前可以修改收货地址，请告诉我订单号和新地址。',
  check_cancellation_fee: '发货前取消订单不收取任何费用。发货后可在 30 天内退货：质量问题或发错商品免运费，其他原因需支付 5 美元退货运费。',
  check_invoice: '发票可以在“我的账户 > 订单 > 发票”中查看，发货确认邮件里也附有发票。',
  check_payment_methods: '我们支持 Visa、万事达、美国运通、PayPal、Apple Pay、Google Pay、支付宝和微信支付。商品以美元结算，其他币种由银行自动换算。',
  check_refund_policy: '签收后 30 天内可无理由退货并全额退款。质量问题或发错商品由我们承担退货运费。收到退货后 5-7 个工作日内原路退款。',
  complaint: '很抱歉让您失望了。请告诉我发生了什么，如果和订单有关请附上订单号，我会确保问题得到解决，同事也会亲自跟进。',
  contact_customer_service: '我们的客服团队工作时间为周一至周五 9:00-18:00，可发邮件至 support@demo-shop.example 或致电 +1 555 0100，请附上您的订单号。',
  contact_human_agent: '人工客服工作时间为周一至周五 9:00-18:00，可发邮件至 support@demo-shop.example 或致电 +1 555 0100，附上订单号就不用重复说明了。',
  create_account: '点击商城顶部的“注册”，填写邮箱和密码，再点击验证邮件中的链接即可完成注册。也可以不注册直接以游客身份下单。',
  delete_account: '可以在“我的账户 > 隐私 > 注销账户”中注销。未完成的订单和退款会先处理完毕，您的数据将在 30 天内删除。',
  delivery_options: '我们提供标准快递（5-8 个工作日，满 50 美元包邮）、特快专递（2-3 个工作日，12 美元）以及部分城市的自提点取货。',
  delivery_period: '订单会在 1 个工作日内发货，标准快递 5-8 个工作日送达，特快 2-3 个工作日。告诉我订单号，我帮您查具体日期。',
  edit_account: '可以在“我的账户 > 个人资料”中修改姓名、邮箱、电话和常用地址。新邮箱需要验证后才能使用。',
  get_invoice: '可以在“我的账户 > 订单 > 发票”下载 PDF 发票。如需开具公司抬头或税号，人工客服可以为您重新开具。',
  get_refund: '已签收或已取消的订单都可以申请退款，请告诉我订单号和退款原因。',
  newsletter_subscription: '可以在“我的账户 > 通知设置”中订阅或退订，也可以点击任意一封邮件底部的退订链接。我们每周最多发送一封邮件。',
  payment_issue: '很抱歉支付遇到问题。支付失败不会扣款，预授权金额会在 3-5 天内自动退回。如果被重复扣款，请告诉我订单号，同事会为您退还多扣的金额。',
  place_order: '您可以直接在商城下单：加入购物车后结算即可。如果还没想好买什么，我可以帮您推荐。',
  recover_password: '在登录页点击“忘记密码”并输入邮箱，重置链接 1 小时内有效。如果没收到，请查看垃圾邮件文件夹。',
  registration_problems: '如果注册失败，请确认邮箱是否已注册过（可以试试“忘记密码”），并检查验证邮件是否在垃圾邮件中。仍有问题的话，人工客服可以帮您。',
  review: '谢谢您！可以在“我的账户 > 订单 > 写评价”中为已签收的商品写评价，每一条我们都会认真阅读。',
  set_up_shipping_address: '可以在“我的账户 > 收货地址”中添加或修改常用地址，结算时默认使用默认地址。如需修改已下单的地址，请告诉我订单号。',
  switch_account: '如需切换账户，请在“我的账户 > 退出登录”后用另一个邮箱登录，购物车会保留在本设备上。',
  track_order: '请告诉我您的订单号（例如 A1001），我帮您查询包裹到哪儿了。',
  track_refund: '请告诉我订单号，我帮您查询退款进度。',
  None: '抱歉，我没太明白您的意思。我可以帮您查询订单、办理退货退款或推荐商品，也可以为您转接人工客服。',
};
