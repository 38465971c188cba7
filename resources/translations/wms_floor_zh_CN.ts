<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApprovalsPage</name>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>账面数</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>盘点数</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Counted by</source>
        <translation>盘点人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Approve (book it)</source>
        <translation>批准（登记）</translation>
    </message>
    <message>
        <source>Reject (keep the books)</source>
        <translation>驳回（保持账面）</translation>
    </message>
    <message>
        <source>Recount the bin</source>
        <translation>重新盘点该库位</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>{adjustment}: {reason}, waiting since {when}</source>
        <translation>{adjustment}：{reason}，自 {when} 起等待审批</translation>
    </message>
    <message>
        <source>Nothing waits for a supervisor&apos;s approval.</source>
        <translation>没有待主管审批的事项。</translation>
    </message>
    <message>
        <source>Stock of {sku} in bin {bin} moved after this count (the books now hold {on_hand}): the count may be stale. Recount the bin before approving.</source>
        <translation>库位 {bin} 中 {sku} 的库存在本次盘点后有变动（账面现为 {on_hand}）：盘点结果可能已过时。请先重新盘点该库位再批准。</translation>
    </message>
</context>
<context>
    <name>AuditTexts</name>
    <message>
        <source>Inbound order arrived</source>
        <translation>入库单已到达</translation>
    </message>
    <message>
        <source>Goods received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>Put away</source>
        <translation>已上架</translation>
    </message>
    <message>
        <source>Stock moved</source>
        <translation>库存已移库</translation>
    </message>
    <message>
        <source>Order allocated</source>
        <translation>订单已分配</translation>
    </message>
    <message>
        <source>Picked</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Short pick</source>
        <translation>缺货拣货</translation>
    </message>
    <message>
        <source>Pick undone</source>
        <translation>拣货已退回</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <source>Scale fault while weighing</source>
        <translation>称重时电子秤故障</translation>
    </message>
    <message>
        <source>Outbound command refused</source>
        <translation>出库指令已拒收</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>订单已取消</translation>
    </message>
    <message>
        <source>Cancel refused</source>
        <translation>取消被拒绝</translation>
    </message>
    <message>
        <source>Put back</source>
        <translation>已放回</translation>
    </message>
    <message>
        <source>Count started</source>
        <translation>盘点已开始</translation>
    </message>
    <message>
        <source>Count requested</source>
        <translation>已请求盘点</translation>
    </message>
    <message>
        <source>Recount requested</source>
        <translation>已请求复盘</translation>
    </message>
    <message>
        <source>Count submitted</source>
        <translation>盘点已提交</translation>
    </message>
    <message>
        <source>Adjustment approved</source>
        <translation>调整已批准</translation>
    </message>
    <message>
        <source>Adjustment rejected</source>
        <translation>调整已驳回</translation>
    </message>
    <message>
        <source>Stock adjusted</source>
        <translation>库存已调整</translation>
    </message>
    <message>
        <source>Marked damaged</source>
        <translation>已标记残损</translation>
    </message>
    <message>
        <source>Frozen (QC hold)</source>
        <translation>已冻结（质检暂扣）</translation>
    </message>
    <message>
        <source>Unfrozen</source>
        <translation>已解冻</translation>
    </message>
    <message>
        <source>Stock action approved</source>
        <translation>库存操作已批准</translation>
    </message>
    <message>
        <source>Order held</source>
        <translation>订单已挂起</translation>
    </message>
    <message>
        <source>Order released</source>
        <translation>订单已放行</translation>
    </message>
    <message>
        <source>Priority changed</source>
        <translation>优先级已更改</translation>
    </message>
    <message>
        <source>Order assigned</source>
        <translation>订单已指派</translation>
    </message>
    <message>
        <source>Work released</source>
        <translation>作业已移交</translation>
    </message>
    <message>
        <source>Exception resolved</source>
        <translation>异常已处理</translation>
    </message>
    <message>
        <source>Order exception raised</source>
        <translation>已登记订单异常</translation>
    </message>
    <message>
        <source>Exception assigned</source>
        <translation>异常已指派</translation>
    </message>
    <message>
        <source>Rejected event sent again</source>
        <translation>被拒事件已重发</translation>
    </message>
    <message>
        <source>Rejected event discarded</source>
        <translation>被拒事件已丢弃</translation>
    </message>
    <message>
        <source>Order lost to the OMS</source>
        <translation>订单在 OMS 中已失效</translation>
    </message>
    <message>
        <source>Order started offline without its claim</source>
        <translation>离线开始了未认领的订单</translation>
    </message>
    <message>
        <source>Order left (claim given back)</source>
        <translation>离开订单（认领已归还）</translation>
    </message>
    <message>
        <source>Block of orders claimed for this station</source>
        <translation>为本工作站预先认领一批订单</translation>
    </message>
    <message>
        <source>Order&apos;s claim taken for this station</source>
        <translation>订单认领转给本工作站</translation>
    </message>
    <message>
        <source>Order&apos;s claim freed</source>
        <translation>订单认领已释放</translation>
    </message>
    <message>
        <source>Held orders allocated again</source>
        <translation>挂起订单已重新分配</translation>
    </message>
    <message>
        <source>Another station&apos;s change applied</source>
        <translation>已应用其他工作站的变更</translation>
    </message>
    <message>
        <source>Supervisor signed in</source>
        <translation>主管已登录</translation>
    </message>
    <message>
        <source>Wrong supervisor PIN</source>
        <translation>主管 PIN 码错误</translation>
    </message>
    <message>
        <source>Supervisor PIN locked</source>
        <translation>主管 PIN 码已锁定</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Move / put away</source>
        <translation>移库／上架</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Freeze</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Damage</source>
        <translation>残损</translation>
    </message>
    <message>
        <source>Order status</source>
        <translation>订单状态</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>残损</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>picked</source>
        <translation>已拣</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
</context>
<context>
    <name>AuditTrailPage</name>
    <message>
        <source>Choose the folder for the CSV file</source>
        <translation>选择 CSV 文件的保存文件夹</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>全部时间</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>最近 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>最近 30 天</translation>
    </message>
    <message>
        <source>Between the dates</source>
        <translation>按日期范围</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Show older</source>
        <translation>显示更早的记录</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>变更前 → 变更后</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>All operators</source>
        <translation>全部操作员</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>全部动作</translation>
    </message>
    <message>
        <source>No audit rows match these filters.</source>
        <translation>没有符合这些筛选条件的审计记录。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) shown.</source>
        <translation>
            <numerusform>已显示 %n 条记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>Writing the CSV file…</source>
        <translation>正在写入 CSV 文件…</translation>
    </message>
    <message>
        <source>The CSV file could not be written to {folder}. Choose a folder you can write to (for example your Documents) and export again.</source>
        <translation>无法将 CSV 文件写入 {folder}。请选择一个可写入的文件夹（例如“文档”）后重新导出。</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) written to {file}.</source>
        <translation>
            <numerusform>已将 %n 条记录写入 {file}。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BacklogChart</name>
    <message>
        <source>Events waiting for the OMS</source>
        <translation>等待发往 OMS 的事件</translation>
    </message>
</context>
<context>
    <name>BoardPage</name>
    <message>
        <source>Received today</source>
        <translation>今日接收</translation>
    </message>
    <message>
        <source>Allocated</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <source>Picked</source>
        <translation>已拣货</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>已打包</translation>
    </message>
    <message>
        <source>Shipped today</source>
        <translation>今日发货</translation>
    </message>
    <message>
        <source>Held: no stock</source>
        <translation>挂起：缺货</translation>
    </message>
    <message>
        <source>With an exception</source>
        <translation>有异常</translation>
    </message>
    <message>
        <source>Callback success</source>
        <translation>回传成功率</translation>
    </message>
    <message>
        <source>Stock sync latency</source>
        <translation>库存同步延迟</translation>
    </message>
    <message>
        <source>Callback latency</source>
        <translation>状态回传延迟</translation>
    </message>
    <message>
        <source>Events waiting (backlog)</source>
        <translation>待发送事件（积压）</translation>
    </message>
    <message>
        <source>Oldest waiting event</source>
        <translation>最早待发送事件</translation>
    </message>
    <message>
        <source>alert below {value} %</source>
        <translation>低于 {value}% 告警</translation>
    </message>
    <message>
        <source>alert above {value}</source>
        <translation>高于 {value} 告警</translation>
    </message>
    <message>
        <source>alert above {value} s</source>
        <translation>高于 {value} 秒告警</translation>
    </message>
    <message>
        <source>nothing sent in the last hour</source>
        <translation>近一小时无发送</translation>
    </message>
    <message>
        <source>{value} % of {count}</source>
        <translation>{value}%（共 {count} 条）</translation>
    </message>
    <message>
        <source>{value} s</source>
        <translation>{value} 秒</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>To pick</source>
        <translation>待拣货</translation>
    </message>
    <message>
        <source>To pack</source>
        <translation>待打包</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分钟</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Alert: {count} events are waiting to reach the OMS (alert above {threshold})</source>
        <translation>告警：{count} 个事件等待发往 OMS（高于 {threshold} 告警）</translation>
    </message>
    <message>
        <source>Alert: the oldest event has waited {age} to reach the OMS (alert above {threshold} min)</source>
        <translation>告警：最早的事件已等待发往 OMS {age}（超过 {threshold} 分钟告警）</translation>
    </message>
    <message>
        <source>Live board</source>
        <translation>实时看板</translation>
    </message>
    <message>
        <source>Not refreshed: {reason}</source>
        <translation>未刷新：{reason}</translation>
    </message>
    <message>
        <source>Picking today</source>
        <translation>今日拣货</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Picks</source>
        <translation>拣货次数</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Picks/h</source>
        <translation>拣货次数/小时</translation>
    </message>
    <message>
        <source>Lines/h</source>
        <translation>行数/小时</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Sync with the OMS</source>
        <translation>与 OMS 同步</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Open exceptions</source>
        <translation>未处理异常</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Under 1 h</source>
        <translation>1 小时内</translation>
    </message>
    <message>
        <source>1–4 h</source>
        <translation>1–4 小时</translation>
    </message>
    <message>
        <source>4 h and over</source>
        <translation>4 小时及以上</translation>
    </message>
    <message>
        <source>Oldest</source>
        <translation>最久</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>At risk: not packed, deadline within {minutes} min ({count})</source>
        <translation>有延误风险：未打包，{minutes} 分钟内截止（{count}）</translation>
    </message>
    <message>
        <source>overdue {time}</source>
        <translation>已超时 {time}</translation>
    </message>
</context>
<context>
    <name>Buttons</name>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Short</source>
        <translation>缺货</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Unpick</source>
        <translation>退回</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Task list</source>
        <translation>任务列表</translation>
    </message>
    <message>
        <source>QC pass</source>
        <translation>质检合格</translation>
    </message>
    <message>
        <source>QC fail</source>
        <translation>质检不合格</translation>
    </message>
    <message>
        <source>New tracking no.</source>
        <translation>生成运单号</translation>
    </message>
    <message>
        <source>Exception</source>
        <translation>异常</translation>
    </message>
</context>
<context>
    <name>ClaimsPage</name>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Held by</source>
        <translation>持有者</translation>
    </message>
    <message>
        <source>Lease until</source>
        <translation>租约到期</translation>
    </message>
    <message>
        <source>How</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Free order</source>
        <translation>未认领订单</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>Hand this station the block</source>
        <translation>将这批订单预先分配给本工作站</translation>
    </message>
    <message>
        <source>Take for this station</source>
        <translation>改由本工作站认领</translation>
    </message>
    <message>
        <source>Free the order</source>
        <translation>释放该订单</translation>
    </message>
    <message>
        <source>Claims this station knows:</source>
        <translation>本工作站已知的认领：</translation>
    </message>
    <message>
        <source>Orders no station holds:</source>
        <translation>无工作站认领的订单：</translation>
    </message>
    <message>
        <source>Lease of a block:</source>
        <translation>预分配租约时长：</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>claimed</source>
        <translation>已认领</translation>
    </message>
    <message>
        <source>block</source>
        <translation>预分配</translation>
    </message>
    <message>
        <source>started offline</source>
        <translation>离线开始</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>已移交</translation>
    </message>
    <message>
        <source>this station</source>
        <translation>本工作站</translation>
    </message>
    <message>
        <source>this station (leaving, not sent yet)</source>
        <translation>本工作站（已离开，尚未通知）</translation>
    </message>
    <message>
        <source>{granted} order(s) are this station&apos;s for the block.</source>
        <translation>{granted} 个订单已预分配给本工作站。</translation>
    </message>
    <message>
        <source>Not handed (another station holds them, or closed): {orders}</source>
        <translation>未分配（已被其他工作站认领或已关闭）：{orders}</translation>
    </message>
    <message>
        <source>Select an order first.</source>
        <translation>请先选择一个订单。</translation>
    </message>
    <message>
        <source>Order {order} is this station&apos;s now.</source>
        <translation>订单 {order} 现由本工作站认领。</translation>
    </message>
    <message>
        <source>Order {order} is free for any station.</source>
        <translation>订单 {order} 已释放，任何工作站均可认领。</translation>
    </message>
</context>
<context>
    <name>CommandSheet</name>
    <message>
        <source>Command barcodes</source>
        <translation>指令条码</translation>
    </message>
</context>
<context>
    <name>CommandSheetDialog</name>
    <message>
        <source>Save command barcodes</source>
        <translation>保存指令条码</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Next task</source>
        <translation>下一个任务</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Short (not enough in bin)</source>
        <translation>缺货（库位数量不足）</translation>
    </message>
    <message>
        <source>Skip this step</source>
        <translation>跳过此步</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Undo last scan</source>
        <translation>撤销上一次扫描</translation>
    </message>
    <message>
        <source>Take back picked units</source>
        <translation>退回已拣商品</translation>
    </message>
    <message>
        <source>Switch to pick</source>
        <translation>切换到拣货</translation>
    </message>
    <message>
        <source>Switch to pack</source>
        <translation>切换到打包</translation>
    </message>
    <message>
        <source>Switch to receive</source>
        <translation>切换到收货</translation>
    </message>
    <message>
        <source>Switch to count</source>
        <translation>切换到盘点</translation>
    </message>
    <message>
        <source>Show task list</source>
        <translation>显示任务列表</translation>
    </message>
    <message>
        <source>Supervisor console</source>
        <translation>主管控制台</translation>
    </message>
    <message>
        <source>QC pass</source>
        <translation>质检合格</translation>
    </message>
    <message>
        <source>QC fail</source>
        <translation>质检不合格</translation>
    </message>
    <message>
        <source>Generate tracking number</source>
        <translation>生成运单号</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Order exception (stop the order)</source>
        <translation>订单异常（停止订单）</translation>
    </message>
    <message>
        <source>Reprint labels</source>
        <translation>重打标签</translation>
    </message>
    <message>
        <source>Leave order (free it for others)</source>
        <translation>离开订单（释放给其他工作站）</translation>
    </message>
    <message>
        <source>Switch to move stock</source>
        <translation>切换到移库</translation>
    </message>
    <message>
        <source>Switch to freeze (QC hold)</source>
        <translation>切换到冻结（质检暂扣）</translation>
    </message>
    <message>
        <source>Switch to unfreeze</source>
        <translation>切换到解冻</translation>
    </message>
    <message>
        <source>Switch to mark damaged</source>
        <translation>切换到标记残损</translation>
    </message>
    <message>
        <source>Switch to write off</source>
        <translation>切换到报损核销</translation>
    </message>
    <message>
        <source>Switch to found goods</source>
        <translation>切换到盘盈入账</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation>出现错误</translation>
    </message>
    <message>
        <source>OK, keep working</source>
        <translation>好的，继续工作</translation>
    </message>
    <message>
        <source>Something went wrong on this station. A crash report was written to {path}. Tell IT. Your scans so far are saved: scan again to go on.</source>
        <translation>本工作站出现错误。崩溃报告已写入 {path}。请告知 IT。之前的扫描都已保存：请重新扫描继续工作。</translation>
    </message>
</context>
<context>
    <name>CrashNotice</name>
    <message>
        <source>OK</source>
        <translation>好的</translation>
    </message>
    <message>
        <source>The station stopped unexpectedly last time. The report is in {path}. Tell IT.</source>
        <translation>工作站上次意外停止。报告在 {path}。请告知 IT。</translation>
    </message>
    <message numerus="yes">
        <source>(%n reports in that folder.)</source>
        <translation>
            <numerusform>（该文件夹中有 %n 份报告。）</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Weight (kg)</source>
        <translation>重量（千克）</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>包裹数</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>残损</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <source>QC hold</source>
        <translation>质检暂扣</translation>
    </message>
    <message>
        <source>Suspected damage</source>
        <translation>疑似残损</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回</translation>
    </message>
    <message>
        <source>QC passed</source>
        <translation>质检通过</translation>
    </message>
    <message>
        <source>Hold lifted</source>
        <translation>解除暂扣</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>搬运损坏</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水渍</translation>
    </message>
    <message>
        <source>Packaging</source>
        <translation>包装破损</translation>
    </message>
    <message>
        <source>Damaged goods</source>
        <translation>残损商品</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>丢失</translation>
    </message>
    <message>
        <source>Found in the bin</source>
        <translation>库位中发现</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Scale (kg)</source>
        <translation>秤（千克）</translation>
    </message>
    <message>
        <source>Tracking on the labels</source>
        <translation>标签上的运单号</translation>
    </message>
    <message>
        <source>Quarantine (QC hold)</source>
        <translation>隔离（质检冻结）</translation>
    </message>
    <message>
        <source>Serials</source>
        <translation>序列号</translation>
    </message>
    <message>
        <source>To bin</source>
        <translation>目标库位</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Unknown order</source>
        <translation>未知订单</translation>
    </message>
    <message>
        <source>Unknown inbound order</source>
        <translation>未知入库单</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>未知商品</translation>
    </message>
    <message>
        <source>Unknown barcode</source>
        <translation>未知条码</translation>
    </message>
    <message>
        <source>Unknown bin</source>
        <translation>未知库位</translation>
    </message>
    <message>
        <source>Unknown task</source>
        <translation>未知任务</translation>
    </message>
    <message>
        <source>Unknown count</source>
        <translation>未知盘点单</translation>
    </message>
    <message>
        <source>Unknown adjustment</source>
        <translation>未知调整单</translation>
    </message>
    <message>
        <source>Unknown event</source>
        <translation>未知事件</translation>
    </message>
    <message>
        <source>No stock in this bin</source>
        <translation>此库位无库存</translation>
    </message>
    <message>
        <source>Wrong bin</source>
        <translation>库位错误</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>商品错误</translation>
    </message>
    <message>
        <source>Wrong batch</source>
        <translation>批次错误</translation>
    </message>
    <message>
        <source>Batch needed</source>
        <translation>需要批次号</translation>
    </message>
    <message>
        <source>Expiry date needed</source>
        <translation>需要有效期</translation>
    </message>
    <message>
        <source>Expired stock</source>
        <translation>库存已过期</translation>
    </message>
    <message>
        <source>Serial numbers needed</source>
        <translation>需要序列号</translation>
    </message>
    <message>
        <source>Serial already used</source>
        <translation>序列号已被使用</translation>
    </message>
    <message>
        <source>Invalid quantity</source>
        <translation>数量无效</translation>
    </message>
    <message>
        <source>Too many</source>
        <translation>数量超出</translation>
    </message>
    <message>
        <source>Nothing to take back</source>
        <translation>没有可退回的商品</translation>
    </message>
    <message>
        <source>Not enough stock</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>Packed goods do not match</source>
        <translation>装箱商品不符</translation>
    </message>
    <message>
        <source>Order cancelled</source>
        <translation>订单已取消</translation>
    </message>
    <message>
        <source>Order already shipped</source>
        <translation>订单已发货</translation>
    </message>
    <message>
        <source>Not possible now</source>
        <translation>当前无法操作</translation>
    </message>
    <message>
        <source>Order on hold</source>
        <translation>订单已挂起</translation>
    </message>
    <message>
        <source>Already done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Bin frozen</source>
        <translation>库位已冻结</translation>
    </message>
    <message>
        <source>Already received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <source>QC result needed</source>
        <translation>需要质检结果</translation>
    </message>
    <message>
        <source>More than the order shipped</source>
        <translation>超过订单发货数量</translation>
    </message>
    <message>
        <source>More than expected</source>
        <translation>超出预期数量</translation>
    </message>
    <message>
        <source>Invalid input</source>
        <translation>输入无效</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <source>{headline}: {detail}</source>
        <translation>{headline}：{detail}</translation>
    </message>
</context>
<context>
    <name>ExceptionDetails</name>
    <message>
        <source>Cancelled while {status_before}: {put_backs} put-back task(s).</source>
        <translation>在{status_before}状态下被取消：{put_backs} 个放回任务。</translation>
    </message>
    <message>
        <source>{adjustment}: counted {counted}, books say {expected}.</source>
        <translation>{adjustment}：盘点 {counted}，账面 {expected}。</translation>
    </message>
    <message>
        <source>{adjustment}: {reason} of {qty} awaits approval.</source>
        <translation>{adjustment}：{reason} 数量 {qty}，待审批。</translation>
    </message>
    <message>
        <source>{adjustment}: {missing} reserved unit(s) are missing from the bin.</source>
        <translation>{adjustment}：库位中缺少 {missing} 件已预留的货品。</translation>
    </message>
    <message>
        <source>Received/expected: {differences}</source>
        <translation>实收/应收：{differences}</translation>
    </message>
    <message>
        <source>Not enough free stock for {order} (short: {short}). Retry allocation when stock arrives, or have the OMS re-route the order.</source>
        <translation>订单 {order} 可用库存不足（缺：{short}）。到货后重试分配，或请 OMS 改派仓库。</translation>
    </message>
    <message>
        <source>Not enough free stock of the batch the OMS named for {order} (short: {short}; the batch in brackets). Retry allocation when that batch arrives, or have the OMS re-route the order.</source>
        <translation>订单 {order} 指定批次的可用库存不足（缺：{short}；括号内为批次）。该批次到货后重试分配，或请 OMS 改派仓库。</translation>
    </message>
    <message>
        <source>Order {order} names warehouse {warehouse}, not this station&apos;s {station_warehouse}: refused, nothing to pick. The OMS was told WAREHOUSE_MISMATCH and re-routes it.</source>
        <translation>订单{order}指定仓库{warehouse}，不是本站的{station_warehouse}：已拒收，无需拣货。已告知 OMS 仓库不符，由其重新分仓。</translation>
    </message>
    <message>
        <source>Order {order} is for owner {owner}, who is not in this station&apos;s master data: refused, nothing to pick. The OMS was told OWNER_NOT_FOUND; have its master data checked.</source>
        <translation>订单{order}的货主{owner}不在本站主数据中：已拒收，无需拣货。已告知 OMS 货主不存在，请其核对主数据。</translation>
    </message>
    <message>
        <source>Order {order} wants {skus} of {owner}, not in this station&apos;s master data: refused, nothing to pick. The OMS was told SKU_NOT_FOUND; have its master data checked.</source>
        <translation>订单{order}所需的{skus}（货主{owner}）不在本站主数据中：已拒收，无需拣货。已告知 OMS SKU不存在，请其检查主数据。</translation>
    </message>
    <message>
        <source>Order {order} names a batch of {skus} of {owner}, which this station keeps without batches: refused, nothing to pick. The OMS was told BATCH_NOT_MANAGED; have the SKU&apos;s master data checked.</source>
        <translation>订单{order}指定了{skus}（货主{owner}）的批次，但本站不按批次管理该商品：已拒收，无需拣货。已告知 OMS 该商品不按批次管理，请其检查主数据。</translation>
    </message>
    <message>
        <source>Labels of {order} did not print: {fault}. Packer {operator} waits; once the printer works, they scan REPRINT LABELS.</source>
        <translation>订单 {order} 的标签未打印：{fault}。打包员 {operator} 正在等待；打印机恢复后请扫描“重打标签”。</translation>
    </message>
    <message>
        <source>Short pick of {qty} × {sku} at {bin} ({reason}).</source>
        <translation>在 {bin} 短拣 {qty} × {sku}（{reason}）。</translation>
    </message>
    <message>
        <source>The OMS refused {event_type} #{seq} ({reject_code}): another station worked the order first. {given_up} event(s) given up, {put_backs} put-back task(s).</source>
        <translation>OMS 拒绝了 {event_type} #{seq}（{reject_code}）：另一工作站先处理了该订单。已放弃 {given_up} 个事件，{put_backs} 个放回任务。</translation>
    </message>
    <message>
        <source>The OMS refused {event_type} #{seq}: another station held the order&apos;s claim while this station worked it offline. {given_up} event(s) given up, {put_backs} put-back task(s): the goods go back to their bins.</source>
        <translation>OMS 拒绝了 {event_type} #{seq}：本工作站离线作业时，该订单的认领由另一工作站持有。已放弃 {given_up} 个事件，{put_backs} 个放回任务：货品放回原库位。</translation>
    </message>
    <message>
        <source>Station {station} worked order {order} offline while this station held its claim. The OMS kept this station&apos;s work; that station puts its goods back. Check the order with its supervisor.</source>
        <translation>本工作站持有订单 {order} 的认领时，工作站 {station} 离线处理了该订单。OMS 保留本工作站的作业；该工作站将货品放回。请与其主管核对该订单。</translation>
    </message>
    <message>
        <source>Event #{seq} of station {station} moved {missing} unit(s) more than {bin} holds here. Count the bin.</source>
        <translation>工作站 {station} 的事件 #{seq} 移动的数量比本站 {bin} 的库存多 {missing} 件。请盘点该库位。</translation>
    </message>
    <message>
        <source>Station {station} reports {remote_status}; here it is {local_status}.</source>
        <translation>工作站 {station} 报告 {remote_status}；本站为 {local_status}。</translation>
    </message>
    <message>
        <source>{by} stopped the order ({status}) for manual handling: {reason}. {note}</source>
        <translation>{by} 停止了订单（{status}），转人工处理：{reason}。{note}</translation>
    </message>
    <message>
        <source>Order {order} arrived {received} and is still {status} after {hours} h: not processed in time. Start it, or have the OMS re-route it.</source>
        <translation>订单 {order} 于 {received} 到达，{hours} 小时后仍为 {status}：超时未处理。请开始作业，或请 OMS 转仓。</translation>
    </message>
    <message>
        <source>Order {order} ({status}) has not shipped by its deadline {deadline}. Ship it first, or tell the OMS.</source>
        <translation>订单 {order}（{status}）已过截止时间 {deadline} 仍未发货。请优先发货，或通知 OMS。</translation>
    </message>
    <message>
        <source>The scale failed ({fault}) while order {order} waited to be weighed; the packer may type the weight. Have the scale, its cable and its settings checked.</source>
        <translation>订单 {order} 等待称重时电子秤故障（{fault}）；打包员可手动输入重量。请检查电子秤、连接线及其设置。</translation>
    </message>
    <message>
        <source>OMS feed entry #{seq} ({kind} {about}) was skipped [{code}]: {reason}. Have the OMS send it again.</source>
        <translation>OMS 数据流条目 #{seq}（{kind} {about}）已跳过［{code}］：{reason}。请让 OMS 重新发送。</translation>
    </message>
    <message>
        <source>{event_type} #{seq} was refused: {code}: {message}. Retry or discard it.</source>
        <translation>{event_type} #{seq} 被拒绝：{code}：{message}。请重试或放弃。</translation>
    </message>
    <message>
        <source>The OMS feed says there is more after {cursor} but sends nothing.</source>
        <translation>OMS 数据流称 {cursor} 之后还有数据，却没有发送。</translation>
    </message>
    <message>
        <source>The OMS feed moves from {cursor} to {next} without entries.</source>
        <translation>OMS 数据流从 {cursor} 跳到 {next}，没有条目。</translation>
    </message>
    <message>
        <source>The OMS feed moves from {cursor} to {next}, past its last {last}.</source>
        <translation>OMS 数据流从 {cursor} 跳到 {next}，超过了最后条目 {last}。</translation>
    </message>
    <message>
        <source>{sku_id} ({owner_id}): the bins hold {station_qty}, the OMS expects {oms_qty} ({difference}). Look for goods received or put away without a booking, count the SKU, then adjust.</source>
        <translation>{sku_id}（{owner_id}）：库位中有 {station_qty}，OMS 预计 {oms_qty}（{difference}）。请查找未登记的收货或上架，盘点该商品后再调整。</translation>
    </message>
    <message>
        <source>{sku_id} ({owner_id}): the bins hold {station_qty}, the OMS expects {oms_qty} ({difference}). Units picked for orders not yet shipped are already allowed for. Look for goods shipped, moved or written off without a booking, count the SKU, then adjust.</source>
        <translation>{sku_id}（{owner_id}）：库位中有 {station_qty}，OMS 预计 {oms_qty}（{difference}）。已拣未发的数量已计入。请查找未登记的发货、移库或报损，盘点该商品后再调整。</translation>
    </message>
</context>
<context>
    <name>ExceptionTypes</name>
    <message>
        <source>Stock shortage</source>
        <translation>库存不足</translation>
    </message>
    <message>
        <source>Short pick</source>
        <translation>短拣</translation>
    </message>
    <message>
        <source>Label printer fault</source>
        <translation>标签打印机故障</translation>
    </message>
    <message>
        <source>Outbound command refused</source>
        <translation>出库指令已拒收</translation>
    </message>
    <message>
        <source>Cancelled mid-pick</source>
        <translation>拣货中取消</translation>
    </message>
    <message>
        <source>Worked at two stations</source>
        <translation>两个工作站同时处理</translation>
    </message>
    <message>
        <source>Order lost</source>
        <translation>订单已由他站处理</translation>
    </message>
    <message>
        <source>Order worked by two stations</source>
        <translation>订单被两个工作站处理</translation>
    </message>
    <message>
        <source>Refused by the OMS</source>
        <translation>被 OMS 拒绝</translation>
    </message>
    <message>
        <source>Count difference</source>
        <translation>盘点差异</translation>
    </message>
    <message>
        <source>Adjustment to approve</source>
        <translation>待审批调整</translation>
    </message>
    <message>
        <source>Stock difference</source>
        <translation>库存差异</translation>
    </message>
    <message>
        <source>Receipt difference</source>
        <translation>收货差异</translation>
    </message>
    <message>
        <source>Feed entry refused</source>
        <translation>数据流条目被拒</translation>
    </message>
    <message>
        <source>Feed out of order</source>
        <translation>数据流异常</translation>
    </message>
    <message>
        <source>Order exception</source>
        <translation>订单异常</translation>
    </message>
    <message>
        <source>Not processed in time</source>
        <translation>超时未处理</translation>
    </message>
    <message>
        <source>Scale fault</source>
        <translation>电子秤故障</translation>
    </message>
</context>
<context>
    <name>ExceptionsPage</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>No exceptions.</source>
        <translation>没有异常。</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未处理</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已处理</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Any severity</source>
        <translation>全部级别</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Any age</source>
        <translation>不限时长</translation>
    </message>
    <message>
        <source>Over 1 h</source>
        <translation>超过 1 小时</translation>
    </message>
    <message>
        <source>Over 4 h</source>
        <translation>超过 4 小时</translation>
    </message>
    <message>
        <source>Over 1 day</source>
        <translation>超过 1 天</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>我来处理</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>指派</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Decide</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Exceptions</source>
        <translation>异常</translation>
    </message>
    <message>
        <source>Open: {counts}</source>
        <translation>未处理：{counts}</translation>
    </message>
    <message>
        <source>{days} d {hours} h</source>
        <translation>{days} 天 {hours} 小时</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} 小时 {minutes} 分</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} 分</translation>
    </message>
</context>
<context>
    <name>HoldReasons</name>
    <message>
        <source>Address check</source>
        <translation>地址核实</translation>
    </message>
    <message>
        <source>Customer request</source>
        <translation>客户要求</translation>
    </message>
    <message>
        <source>Payment check</source>
        <translation>付款核实</translation>
    </message>
    <message>
        <source>Quality check</source>
        <translation>质量检查</translation>
    </message>
    <message>
        <source>Stock check</source>
        <translation>库存核实</translation>
    </message>
    <message>
        <source>Other reason</source>
        <translation>其他原因</translation>
    </message>
    <message>
        <source>Order exception, see the exception queue</source>
        <translation>订单异常，见异常队列</translation>
    </message>
</context>
<context>
    <name>Launcher</name>
    <message>
        <source>The station&apos;s database file {path} is damaged ({detail}). Nothing was written to it. Close the station and call IT. IT: keep the file (copy it with its -wal and -shm files to a safe place: events not yet sent to the OMS are in it), then restore the last backup of the store if there is one, or move the file aside and enrol the station again with a fresh store.</source>
        <translation>工作站数据库文件 {path} 已损坏（{detail}）。未向其写入任何内容。请关闭工作站并联系 IT。IT：保留该文件（连同其 -wal 和 -shm 文件复制到安全位置：其中有尚未发送到 OMS 的事件），然后如有备份则恢复最近一次备份，或将该文件移开，用新的数据库重新注册工作站。</translation>
    </message>
    <message>
        <source>The station&apos;s database cannot be opened ({problem}). Call IT; wms-floor check tells them more.</source>
        <translation>无法打开工作站数据库（{problem}）。请联系 IT；wms-floor check 可提供更多信息。</translation>
    </message>
    <message>
        <source>The station is already running on {path} (or it is being enrolled). Use the open station window; this second start closes now.</source>
        <translation>工作站已在 {path} 上运行（或正在注册）。请使用已打开的工作站窗口；本次启动现在关闭。</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Warehouse station {name}</source>
        <translation>仓库工作站 {name}</translation>
    </message>
    <message>
        <source>or type the badge, then Enter</source>
        <translation>或输入工牌号后按回车</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Warehouse station</source>
        <translation>仓库工作站</translation>
    </message>
    <message>
        <source>The command barcodes could not be saved to {path}: {reason}</source>
        <translation>无法将命令条码保存到 {path}：{reason}</translation>
    </message>
    <message>
        <source>Command barcodes saved to {path}</source>
        <translation>指令条码已保存到 {path}</translation>
    </message>
    <message>
        <source>Operator: {name}</source>
        <translation>操作员：{name}</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Unknown or inactive badge. Scan your badge.</source>
        <translation>工牌未知或已停用。请扫描您的工牌。</translation>
    </message>
    <message>
        <source>Logged out after being idle. Scan your badge.</source>
        <translation>长时间无操作，已自动退出。请扫描您的工牌。</translation>
    </message>
    <message>
        <source>Logged out. Scan your badge.</source>
        <translation>已退出登录。请扫描您的工牌。</translation>
    </message>
    <message>
        <source>This mode is not available on this station.</source>
        <translation>此工作站不支持该模式。</translation>
    </message>
    <message>
        <source>Barcode not readable: check the label and scan again.</source>
        <translation>条码无法识别：请检查标签后重新扫描。</translation>
    </message>
    <message>
        <source>This badge is not an active supervisor&apos;s.</source>
        <translation>此工牌不是有效的主管工牌。</translation>
    </message>
    <message>
        <source>Wrong PIN. Scan the supervisor badge again.</source>
        <translation>PIN 码错误。请重新扫描主管工牌。</translation>
    </message>
    <message>
        <source>Wrong PIN. Type your PIN again.</source>
        <translation>PIN 错误。请重新输入 PIN。</translation>
    </message>
    <message>
        <source>Supervisor console open for {name}.</source>
        <translation>已为 {name} 打开主管控制台。</translation>
    </message>
    <message>
        <source>Too many wrong PINs: badge {badge} is locked for {seconds} s. Wait, or ask another supervisor.</source>
        <translation>PIN 错误次数过多：工牌 {badge} 已锁定 {seconds} 秒。请等待，或请另一位主管操作。</translation>
    </message>
    <message>
        <source>No order {order} on this station.</source>
        <translation>本工作站没有订单 {order}。</translation>
    </message>
    <message>
        <source>Order {order} was cancelled by the OMS.</source>
        <translation>订单 {order} 已被 OMS 取消。</translation>
    </message>
    <message>
        <source>Order {order} is held: not enough stock.</source>
        <translation>订单 {order} 已挂起：库存不足。</translation>
    </message>
    <message>
        <source>Order {order} is assigned to {badge}: you took it by scanning it.</source>
        <translation>订单 {order} 已分派给 {badge}：你通过扫描接手了它。</translation>
    </message>
    <message>
        <source>Order {order} has already shipped.</source>
        <translation>订单 {order} 已发货。</translation>
    </message>
    <message>
        <source>Order {order} is handled by another station.</source>
        <translation>订单 {order} 由其他工作站处理。</translation>
    </message>
    <message>
        <source>That command does nothing here.</source>
        <translation>此指令在这里无效。</translation>
    </message>
    <message>
        <source>No open order to pick.</source>
        <translation>没有待拣货的订单。</translation>
    </message>
    <message>
        <source>Wrong bin: you scanned {scanned}, go to {bin}.</source>
        <translation>库位错误：您扫描了 {scanned}，请前往 {bin}。</translation>
    </message>
    <message>
        <source>Barcode {scanned} is not known for this owner&apos;s goods.</source>
        <translation>条码 {scanned} 不属于该货主的商品。</translation>
    </message>
    <message>
        <source>Wrong item: you scanned {scanned}, pick {sku} here.</source>
        <translation>商品错误：您扫描了 {scanned}，此处应拣 {sku}。</translation>
    </message>
    <message>
        <source>Picked {qty} × {sku}.</source>
        <translation>已拣 {qty} × {sku}。</translation>
    </message>
    <message>
        <source>Short pick of {qty} × {sku} recorded.</source>
        <translation>已记录缺货 {qty} × {sku}。</translation>
    </message>
    <message>
        <source>Skipped: you will come back to this bin at the end.</source>
        <translation>已跳过：最后会再回到此库位。</translation>
    </message>
    <message>
        <source>Order {order} is picked. Take it to packing.</source>
        <translation>订单 {order} 拣货完成。请送往打包台。</translation>
    </message>
    <message>
        <source>STOP: order {order} was cancelled by the OMS. Put the picked goods back.</source>
        <translation>停止：订单 {order} 已被 OMS 取消。请将已拣商品放回。</translation>
    </message>
    <message>
        <source>Order {order} is now handled by another station. Stop picking.</source>
        <translation>订单 {order} 现由其他工作站处理。请停止拣货。</translation>
    </message>
    <message>
        <source>Order {order} is taken by station {station}. Pick another order; a supervisor can re-assign it in the console (Claims).</source>
        <translation>订单 {order} 已被工作站 {station} 认领。请拣选其他订单；主管可在控制台（认领）中重新分配。</translation>
    </message>
    <message>
        <source>Order {order} is already packed, shipped or cancelled at the OMS: pick another order.</source>
        <translation>订单 {order} 在 OMS 中已打包、已发货或已取消：请拣选其他订单。</translation>
    </message>
    <message>
        <source>Order {order} cannot be started offline: another station may be working it. Work an order this station holds. A supervisor can hand this station a block of orders before an outage, or allow offline starts (offline_unclaimed_start).</source>
        <translation>离线时不能开始订单 {order}：可能有其他工作站正在处理。请处理本工作站已认领的订单。主管可在断网前为本工作站预先认领一批订单，或在设置中允许离线开始新订单。</translation>
    </message>
    <message>
        <source>You left order {order}; another station can take it. The tote goes with the order.</source>
        <translation>您已离开订单 {order}，其他工作站可以接手。周转箱随订单走。</translation>
    </message>
    <message>
        <source>You left order {order}; the OMS is told at the next sync. The tote goes with the order.</source>
        <translation>您已离开订单 {order}，下次同步时通知 OMS。周转箱随订单走。</translation>
    </message>
    <message>
        <source>No open order to leave.</source>
        <translation>没有可离开的订单。</translation>
    </message>
    <message>
        <source>STOP: order {order} went to another station. Put the picked goods back.</source>
        <translation>停止：订单 {order} 已由其他工作站处理。请将已拣商品放回。</translation>
    </message>
    <message>
        <source>Nothing left to put back for order {order}. Scan NEXT TASK.</source>
        <translation>订单 {order} 已没有需要放回的商品。请扫描“下一个任务”。</translation>
    </message>
    <message>
        <source>Put back {qty} × {sku} to bin {bin}.</source>
        <translation>已将 {qty} × {sku} 放回库位 {bin}。</translation>
    </message>
    <message>
        <source>Take back: scan each unit to return to its bin. Scan UNPICK again to stop.</source>
        <translation>退回：逐件扫描要放回原库位的商品。再次扫描“退回”结束。</translation>
    </message>
    <message>
        <source>Back to picking.</source>
        <translation>返回拣货。</translation>
    </message>
    <message>
        <source>Nothing to undo. To take back a picked unit, scan UNPICK, then the unit.</source>
        <translation>没有可撤销的操作。要退回已拣的货品，请扫描“退回”，再扫描该商品。</translation>
    </message>
    <message>
        <source>Put back {qty} × {sku} in {bin}.</source>
        <translation>已将 {qty} × {sku} 放回 {bin}。</translation>
    </message>
    <message>
        <source>Scan the item first, then type the quantity.</source>
        <translation>请先扫描商品，再输入数量。</translation>
    </message>
    <message>
        <source>Serial-numbered goods: scan each unit&apos;s serial, no typed quantities.</source>
        <translation>序列号商品：请逐件扫描序列号，不能输入数量。</translation>
    </message>
    <message>
        <source>{text} is not a whole number.</source>
        <translation>{text} 不是整数。</translation>
    </message>
    <message>
        <source>{text} is too large: type at most {max}.</source>
        <translation>{text} 太大：最多输入 {max}。</translation>
    </message>
    <message>
        <source>Type 1 (not found) or 2 (damaged).</source>
        <translation>请输入 1（未找到）或 2（残损）。</translation>
    </message>
    <message>
        <source>Last scan undone.</source>
        <translation>已撤销上一次扫描。</translation>
    </message>
    <message>
        <source>Type the number and press Enter.</source>
        <translation>请输入数字并按回车。</translation>
    </message>
    <message>
        <source>Finish this order first, or scan CANCEL to leave it.</source>
        <translation>请先完成此订单，或扫描“取消”离开。</translation>
    </message>
    <message>
        <source>Nothing to confirm: scan what the screen asks.</source>
        <translation>没有需要确认的内容：请按屏幕提示扫描。</translation>
    </message>
    <message>
        <source>Order {order} is not ready for packing ({status}).</source>
        <translation>订单 {order} 尚不能打包（{status}）。</translation>
    </message>
    <message>
        <source>{sku} is not in this order. Take it out of the box.</source>
        <translation>{sku} 不在此订单中。请从箱中取出。</translation>
    </message>
    <message>
        <source>All {count} × {sku} are already in the box. Take this one out.</source>
        <translation>{count} 件 {sku} 已全部装箱。请取出这一件。</translation>
    </message>
    <message>
        <source>{sku}: {done} of {total} in the box.</source>
        <translation>{sku}：已装箱 {done} / {total}。</translation>
    </message>
    <message>
        <source>Order {order} packed. Weigh the parcel.</source>
        <translation>订单 {order} 已打包。请称重。</translation>
    </message>
    <message>
        <source>Order {order} shipped with tracking {tracking}.</source>
        <translation>订单 {order} 已发货，运单号 {tracking}。</translation>
    </message>
    <message>
        <source>{text} is not a weight in kg (e.g. 1.25).</source>
        <translation>{text} 不是有效的重量（千克，例如 1.25）。</translation>
    </message>
    <message>
        <source>No steady weight yet: wait until the scale stands still, then scan CONFIRM.</source>
        <translation>重量尚未稳定：请等电子秤读数稳定后再扫描“确认”。</translation>
    </message>
    <message>
        <source>This station weighs on the scale: put the parcel on it and scan CONFIRM.</source>
        <translation>本工作站使用电子秤称重：请把包裹放到秤上并扫描“确认”。</translation>
    </message>
    <message>
        <source>Scale fault: {fault}. Nothing is shipped on this weight. Type the weight in kg (your supervisor is told).</source>
        <translation>电子秤故障：{fault}。不会按此重量发货。请输入重量（千克）（已通知主管）。</translation>
    </message>
    <message>
        <source>Weight {weight} kg taken.</source>
        <translation>已取重量 {weight} 千克。</translation>
    </message>
    <message>
        <source>Weight {measured} kg is off the expected {expected} kg by more than {tolerance} kg. Check the box contents and weigh again.</source>
        <translation>重量 {measured} 千克与预期 {expected} 千克相差超过 {tolerance} 千克。请检查箱内物品后重新称重。</translation>
    </message>
    <message>
        <source>{text} is not a package count (1 to 999).</source>
        <translation>{text} 不是有效的包裹数（1 到 999）。</translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>没有可撤销的操作。</translation>
    </message>
    <message>
        <source>Bin {bin} does not exist. Scan a bin label.</source>
        <translation>库位 {bin} 不存在。请扫描库位标签。</translation>
    </message>
    <message>
        <source>{sku}: {qty} counted.</source>
        <translation>{sku}：已盘点 {qty}。</translation>
    </message>
    <message>
        <source>Count of bin {bin} booked.</source>
        <translation>库位 {bin} 的盘点已登记。</translation>
    </message>
    <message>
        <source>Difference above {threshold} units: a supervisor must approve (badge + PIN).</source>
        <translation>差异超过 {threshold} 件：需要主管审批（工牌 + PIN 码）。</translation>
    </message>
    <message>
        <source>Count approved by the supervisor and booked.</source>
        <translation>盘点已由主管审批并登记。</translation>
    </message>
    <message>
        <source>Count saved; the difference waits for a supervisor.</source>
        <translation>盘点已保存；差异等待主管处理。</translation>
    </message>
    <message>
        <source>No inbound order {inbound} on this station.</source>
        <translation>本工作站没有入库单 {inbound}。</translation>
    </message>
    <message>
        <source>Inbound {inbound} was already received.</source>
        <translation>入库单 {inbound} 已收货。</translation>
    </message>
    <message>
        <source>{sku} is not on this delivery. Set it aside.</source>
        <translation>{sku} 不在本次到货中。请放到一边。</translation>
    </message>
    <message>
        <source>{sku}: {qty} of {expected} received.</source>
        <translation>{sku}：已收 {qty} / {expected}。</translation>
    </message>
    <message>
        <source>Receipt booked. Now put the goods away.</source>
        <translation>收货已登记。请上架。</translation>
    </message>
    <message>
        <source>No receiving dock bin is set up on this station.</source>
        <translation>本工作站未设置收货月台库位。</translation>
    </message>
    <message>
        <source>{qty} × {sku} put away in {bin}.</source>
        <translation>{qty} × {sku} 已上架到 {bin}。</translation>
    </message>
    <message>
        <source>Everything is put away.</source>
        <translation>全部上架完成。</translation>
    </message>
    <message>
        <source>Part receipt booked: {received} of {expected} received. Inbound {inbound} stays open for the rest. Now put the goods away.</source>
        <translation>部分收货已登记：已收 {received} / {expected}。入库单 {inbound} 保持打开，等待其余货物。请上架。</translation>
    </message>
    <message>
        <source>Inbound {inbound} closed: {received} of {expected} received.</source>
        <translation>入库单 {inbound} 已关闭：已收 {received} / {expected}。</translation>
    </message>
    <message>
        <source>Nothing new scanned. Scan the items that arrived, or scan SHORT to close inbound {inbound} with {received} of {expected}.</source>
        <translation>没有新扫描的商品。请扫描到货商品，或扫描“缺货”以 {received} / {expected} 关闭入库单 {inbound}。</translation>
    </message>
    <message>
        <source>Everything is put away. Inbound {inbound} stays open: {received} of {expected} received.</source>
        <translation>全部已上架。入库单 {inbound} 保持打开：已收 {received} / {expected}。</translation>
    </message>
    <message>
        <source>{sku}: {received} received, {expected} expected (tolerance {tolerance} %). A supervisor must approve: scan the supervisor badge, or CANCEL.</source>
        <translation>{sku}：已收 {received}，预期 {expected}（容差 {tolerance}%）。需要主管审批：请扫描主管工牌，或扫描“取消”。</translation>
    </message>
    <message>
        <source>Not booked: the scans are kept. Remove the extra units.</source>
        <translation>未登记：扫描记录已保留。请移除多余的商品。</translation>
    </message>
    <message>
        <source>You scanned an item barcode ({scanned}). Scan the batch label.</source>
        <translation>您扫描的是商品条码（{scanned}）。请扫描批次标签。</translation>
    </message>
    <message>
        <source>Resumed {work}: {count} scan(s) not yet confirmed were kept.</source>
        <translation>已恢复 {work}：保留了 {count} 次尚未确认的扫描。</translation>
    </message>
    <message>
        <source>{text} is not a date. Type the expiry as YYYY-MM-DD or YYMMDD.</source>
        <translation>{text} 不是日期。请按 YYYY-MM-DD 或 YYMMDD 输入有效期。</translation>
    </message>
    <message>
        <source>{sku}: this batch expired on {expiry}. Do not receive it: set it aside and tell your supervisor.</source>
        <translation>{sku}：该批次已于 {expiry} 过期。请勿收货：将其放在一边并告知主管。</translation>
    </message>
    <message>
        <source>{text} is not a batch number. Scan the batch label or type the batch.</source>
        <translation>{text} 不是批次号。请扫描批次标签或输入批次号。</translation>
    </message>
    <message>
        <source>{scanned} is the barcode of item {scanned_sku}, not a batch number. Scan the batch label of {sku}.</source>
        <translation>{scanned} 是商品 {scanned_sku} 的条码，不是批号。请扫描 {sku} 的批次标签。</translation>
    </message>
    <message>
        <source>{scanned} is a bin label, not a batch number. Scan the batch label of {sku}.</source>
        <translation>{scanned} 是库位标签，不是批号。请扫描 {sku} 的批次标签。</translation>
    </message>
    <message>
        <source>{scanned} is an order number, not a batch number. Scan the batch label of {sku}.</source>
        <translation>{scanned} 是单号，不是批号。请扫描 {sku} 的批次标签。</translation>
    </message>
    <message>
        <source>{scanned} is a badge, not a batch number. Scan the batch label of {sku}.</source>
        <translation>{scanned} 是工牌，不是批号。请扫描 {sku} 的批次标签。</translation>
    </message>
    <message>
        <source>{scanned} is a command barcode this station does not know, not a batch number. Scan the batch label of {sku}.</source>
        <translation>{scanned} 是本工作站不认识的指令条码，不是批号。请扫描 {sku} 的批次标签。</translation>
    </message>
    <message>
        <source>Order {order} stopped ({reason}), exception #{exception}: it is on hold for the supervisor and the OMS is told. Scan CANCEL to leave it.</source>
        <translation>订单 {order} 已停止（{reason}），异常 #{exception}：订单已暂停，等待主管处理，并已通知 OMS。扫描“取消”离开此订单。</translation>
    </message>
    <message>
        <source>{text} is not a reason: type a number from 1 to {max}, or scan CANCEL.</source>
        <translation>{text} 不是有效原因：请输入 1 到 {max} 的数字，或扫描“取消”。</translation>
    </message>
    <message>
        <source>Batch {batch} of {sku} has no known expiry here: scan its GS1 label (batch and expiry).</source>
        <translation>本工作站不知道 {sku} 批次 {batch} 的有效期：请扫描它的 GS1 标签（批号和有效期）。</translation>
    </message>
    <message>
        <source>Nothing counted yet: scan the batch label of {sku}, or scan UNDO to leave this unit out.</source>
        <translation>尚未盘点任何数量：请扫描 {sku} 的批次标签，或扫描“撤销”不计这一件。</translation>
    </message>
    <message>
        <source>{scanned} is the barcode of item {sku}, not a tracking number. Scan the carrier&apos;s label on the parcel.</source>
        <translation>{scanned} 是商品 {sku} 的条码，不是运单号。请扫描包裹上的承运商面单。</translation>
    </message>
    <message>
        <source>{scanned} is a bin label, not a tracking number. Scan the carrier&apos;s label on the parcel.</source>
        <translation>{scanned} 是库位标签，不是运单号。请扫描包裹上的承运商面单。</translation>
    </message>
    <message>
        <source>{scanned} is an order number, not a tracking number. Scan the carrier&apos;s label on the parcel.</source>
        <translation>{scanned} 是订单号，不是运单号。请扫描包裹上的承运商面单。</translation>
    </message>
    <message>
        <source>{scanned} is a badge, not a tracking number. Scan the carrier&apos;s label on the parcel.</source>
        <translation>{scanned} 是工牌，不是运单号。请扫描包裹上的承运商面单。</translation>
    </message>
    <message>
        <source>{scanned} is a command barcode this station does not know, not a tracking number.</source>
        <translation>{scanned} 是本工作站不认识的命令条码，不是运单号。</translation>
    </message>
    <message>
        <source>{scanned} is a GS1 logistics label, not a tracking number. Scan the carrier&apos;s label.</source>
        <translation>{scanned} 是 GS1 物流标签，不是运单号。请扫描承运商面单。</translation>
    </message>
    <message>
        <source>Tracking number {scanned} is already on order {order}. Scan this parcel&apos;s own label.</source>
        <translation>运单号 {scanned} 已用于订单 {order}。请扫描本包裹自己的面单。</translation>
    </message>
    <message>
        <source>{scanned} is not a {carrier} tracking number. Scan the {carrier} label on the parcel, or scan NEW TRACKING NUMBER.</source>
        <translation>{scanned} 不是 {carrier} 的运单号。请扫描包裹上的 {carrier} 面单，或扫描“生成运单号”。</translation>
    </message>
    <message>
        <source>{scanned} does not look like a tracking number (6 to 40 letters and digits). Scan the carrier&apos;s label on the parcel.</source>
        <translation>{scanned} 看起来不像运单号（应为 6 到 40 位字母和数字）。请扫描包裹上的承运商面单。</translation>
    </message>
    <message>
        <source>{count} labels printed. Stick them on, then scan the tracking label.</source>
        <translation>已打印 {count} 张标签。贴好后请扫描运单标签。</translation>
    </message>
    <message>
        <source>Labels not printed: {fault}. The order is not shipped.</source>
        <translation>标签未打印：{fault}。订单未发货。</translation>
    </message>
    <message>
        <source>Labels of order {order} printed again.</source>
        <translation>订单 {order} 的标签已重新打印。</translation>
    </message>
    <message>
        <source>Labels of order {order} not printed: {fault}. Scan REPRINT LABELS to try again.</source>
        <translation>订单 {order} 的标签未打印：{fault}。请扫描“重打标签”再试一次。</translation>
    </message>
    <message>
        <source>The labels are printing: wait for them, then go on.</source>
        <translation>标签正在打印：请等标签打出后再继续。</translation>
    </message>
    <message>
        <source>Reprint: scan the shipped order&apos;s number. A supervisor signs it off.</source>
        <translation>重打标签：请扫描已发货订单的单号，需主管确认。</translation>
    </message>
    <message>
        <source>Order {order} is not shipped: scan it to pack it; its labels print there.</source>
        <translation>订单 {order} 尚未发货：请扫描该订单进行打包，标签会在打包时打印。</translation>
    </message>
    <message>
        <source>Bin {bin} holds no {sku}. Scan an item that is in this bin.</source>
        <translation>库位 {bin} 中没有 {sku}。请扫描此库位中的商品。</translation>
    </message>
    <message>
        <source>Returned unit: type its QC result first (1 restock, 2 damaged, 3 quarantine).</source>
        <translation>退货商品：请先输入质检结果（1 重新上架，2 残次，3 隔离）。</translation>
    </message>
    <message>
        <source>{text} is not a QC result: type a number from 1 to {max}.</source>
        <translation>{text} 不是质检结果：请输入 1 到 {max} 之间的数字。</translation>
    </message>
    <message>
        <source>Batch {batch} of {sku} is not in bin {bin}. Scan the batch label on the goods.</source>
        <translation>{sku} 的批次 {batch} 不在库位 {bin} 中。请扫描货物上的批次标签。</translation>
    </message>
    <message>
        <source>Only {qty} of the {on_hand} × {sku} in bin {bin} can be used (the rest is reserved, frozen or damaged). Type at most {qty}.</source>
        <translation>库位 {bin} 中的 {on_hand} 件 {sku} 只有 {qty} 件可用（其余已预留、冻结或残损）。最多输入 {qty}。</translation>
    </message>
    <message>
        <source>Serial {serial} is not a {sku} in bin {bin}. Scan a unit from this bin.</source>
        <translation>序列号 {serial} 不是库位 {bin} 中的 {sku}。请扫描此库位中的商品。</translation>
    </message>
    <message>
        <source>Serial {serial} is already scanned. Scan the next unit.</source>
        <translation>序列号 {serial} 已扫描。请扫描下一件。</translation>
    </message>
    <message>
        <source>Scan the serial of at least one unit first.</source>
        <translation>请先至少扫描一件商品的序列号。</translation>
    </message>
    <message>
        <source>Cancelled: nothing was booked. Scan a bin.</source>
        <translation>已取消：未登记任何内容。请扫描库位。</translation>
    </message>
    <message>
        <source>The goods are already in bin {bin}. Scan another destination bin.</source>
        <translation>货物已在库位 {bin} 中。请扫描其他目标库位。</translation>
    </message>
    <message>
        <source>Bin {bin} is blocked. Scan another destination bin.</source>
        <translation>库位 {bin} 已冻结。请扫描其他目标库位。</translation>
    </message>
    <message>
        <source>Moved {qty} × {sku} from {bin} to {to}.</source>
        <translation>已将 {qty} × {sku} 从 {bin} 移到 {to}。</translation>
    </message>
    <message>
        <source>{text} is not a reason: type a number from 1 to {max}.</source>
        <translation>{text} 不是有效原因：请输入 1 到 {max} 的数字。</translation>
    </message>
    <message>
        <source>More than {threshold} units: a supervisor must approve.</source>
        <translation>超过 {threshold} 件：需要主管审批。</translation>
    </message>
    <message>
        <source>Frozen {qty} × {sku} in bin {bin} ({reason}).</source>
        <translation>已冻结库位 {bin} 中的 {qty} × {sku}（{reason}）。</translation>
    </message>
    <message>
        <source>Released {qty} × {sku} in bin {bin} ({reason}).</source>
        <translation>已解冻库位 {bin} 中的 {qty} × {sku}（{reason}）。</translation>
    </message>
    <message>
        <source>Marked {qty} × {sku} in bin {bin} damaged ({reason}).</source>
        <translation>已将库位 {bin} 中的 {qty} × {sku} 标记为残损（{reason}）。</translation>
    </message>
    <message>
        <source>Wrote off {qty} × {sku} from bin {bin} ({reason}).</source>
        <translation>已从库位 {bin} 核销 {qty} × {sku}（{reason}）。</translation>
    </message>
    <message>
        <source>Booked {qty} × {sku} found in bin {bin} ({reason}).</source>
        <translation>已登记在库位 {bin} 发现的 {qty} × {sku}（{reason}）。</translation>
    </message>
</context>
<context>
    <name>Modes</name>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Task list</source>
        <translation>任务列表</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>打包</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>Supervisor console</source>
        <translation>主管控制台</translation>
    </message>
    <message>
        <source>Move stock</source>
        <translation>移库</translation>
    </message>
    <message>
        <source>Freeze (QC hold)</source>
        <translation>冻结（质检暂扣）</translation>
    </message>
    <message>
        <source>Unfreeze</source>
        <translation>解冻</translation>
    </message>
    <message>
        <source>Mark damaged</source>
        <translation>标记残损</translation>
    </message>
    <message>
        <source>Write off</source>
        <translation>报损核销</translation>
    </message>
    <message>
        <source>Found goods</source>
        <translation>盘盈入账</translation>
    </message>
</context>
<context>
    <name>OrderExceptionReasons</name>
    <message>
        <source>Address problem</source>
        <translation>地址异常</translation>
    </message>
    <message>
        <source>Goods damaged</source>
        <translation>货物破损</translation>
    </message>
    <message>
        <source>Customer request</source>
        <translation>客户要求</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>PickScreen</name>
    <message>
        <source>Order {order}</source>
        <translation>订单 {order}</translation>
    </message>
</context>
<context>
    <name>Printer</name>
    <message>
        <source>no label printer is set up for this station</source>
        <translation>本工作站未设置标签打印机</translation>
    </message>
    <message>
        <source>the label printer cannot be reached (check its cable or network and power)</source>
        <translation>无法连接标签打印机（请检查线缆、网络和电源）</translation>
    </message>
    <message>
        <source>the label printer refused the connection (is it switched on and ready?)</source>
        <translation>标签打印机拒绝连接（是否已开机并就绪？）</translation>
    </message>
    <message>
        <source>the label printer did not answer in time</source>
        <translation>标签打印机未及时响应</translation>
    </message>
    <message>
        <source>the label printer is out of labels: load a new roll</source>
        <translation>标签打印机缺纸：请装入新的标签卷</translation>
    </message>
    <message>
        <source>the label printer&apos;s head is open: close it</source>
        <translation>标签打印机打印头未合上：请合上</translation>
    </message>
    <message>
        <source>the label printer is paused: press its pause button</source>
        <translation>标签打印机已暂停：请按暂停键恢复</translation>
    </message>
    <message>
        <source>the system printer did not take the labels</source>
        <translation>系统打印机未接受标签打印任务</translation>
    </message>
    <message>
        <source>Printer: not configured</source>
        <translation>打印机：未设置</translation>
    </message>
    <message>
        <source>Printer: ready</source>
        <translation>打印机：就绪</translation>
    </message>
    <message>
        <source>Printer fault: {fault}</source>
        <translation>打印机故障：{fault}</translation>
    </message>
</context>
<context>
    <name>Prompts</name>
    <message>
        <source>Scan your badge</source>
        <translation>请扫描您的工牌</translation>
    </message>
    <message>
        <source>Supervisor: scan your badge</source>
        <translation>主管：请扫描您的工牌</translation>
    </message>
    <message>
        <source>Supervisor: type your PIN and press Enter</source>
        <translation>主管：请输入 PIN 码并按回车</translation>
    </message>
    <message>
        <source>Supervisor console: {name}. Scan SHOW TASK LIST to leave it</source>
        <translation>主管控制台：{name}。扫描“显示任务列表”即可退出</translation>
    </message>
    <message>
        <source>Scan an order number, or scan NEXT TASK</source>
        <translation>请扫描订单号，或扫描“下一个任务”</translation>
    </message>
    <message>
        <source>No open work. Well done!</source>
        <translation>没有待处理的工作。辛苦了！</translation>
    </message>
    <message>
        <source>Scan bin {bin}</source>
        <translation>请扫描库位 {bin}</translation>
    </message>
    <message>
        <source>Scan item {sku} (then type a quantity if you take more)</source>
        <translation>请扫描商品 {sku}（如拿取多件，扫描后输入数量）</translation>
    </message>
    <message>
        <source>Scan batch {batch}</source>
        <translation>请扫描批次 {batch}</translation>
    </message>
    <message>
        <source>Scan the serial number of each unit</source>
        <translation>请扫描每件商品的序列号</translation>
    </message>
    <message>
        <source>Short pick: type the reason number and press Enter</source>
        <translation>缺货：请输入原因编号并按回车</translation>
    </message>
    <message>
        <source>Order cancelled: put {qty} × {sku} back, scan bin {bin}</source>
        <translation>订单已取消：请将 {qty} × {sku} 放回，扫描库位 {bin}</translation>
    </message>
    <message>
        <source>Scan the order to pack</source>
        <translation>请扫描要打包的订单</translation>
    </message>
    <message>
        <source>Scan every unit into the box</source>
        <translation>请逐件扫描装箱</translation>
    </message>
    <message>
        <source>Type the weight in kg and press Enter</source>
        <translation>请输入重量（千克）并按回车</translation>
    </message>
    <message>
        <source>Put the parcel on the scale; when the weight stands still, scan CONFIRM</source>
        <translation>请把包裹放到秤上；读数稳定后扫描“确认”</translation>
    </message>
    <message>
        <source>Type the number of packages and press Enter</source>
        <translation>请输入包裹数并按回车</translation>
    </message>
    <message>
        <source>Scan the tracking label, or scan NEW TRACKING NUMBER</source>
        <translation>请扫描运单标签，或扫描“生成运单号”</translation>
    </message>
    <message>
        <source>Printing the labels…</source>
        <translation>正在打印标签…</translation>
    </message>
    <message>
        <source>Labels not printed. Fix the printer, then scan REPRINT LABELS</source>
        <translation>标签未打印。请排除打印机故障，然后扫描“重打标签”</translation>
    </message>
    <message>
        <source>Scan the inbound order number</source>
        <translation>请扫描入库单号</translation>
    </message>
    <message>
        <source>Scan an item of this delivery</source>
        <translation>请扫描本次到货的商品</translation>
    </message>
    <message>
        <source>Scan the batch label (batch and expiry)</source>
        <translation>请扫描批次标签（批次和有效期）</translation>
    </message>
    <message>
        <source>Scan the batch label, or type the batch number and press Enter</source>
        <translation>请扫描批次标签，或输入批次号后按回车</translation>
    </message>
    <message>
        <source>Type the expiry date (YYYY-MM-DD or YYMMDD), or scan the label</source>
        <translation>请输入有效期（YYYY-MM-DD 或 YYMMDD），或扫描标签</translation>
    </message>
    <message>
        <source>Put away to {bin} (or scan another storage bin)</source>
        <translation>请上架到 {bin}（或扫描其他存储库位）</translation>
    </message>
    <message>
        <source>Returned unit: 1 restock, 2 damaged, 3 quarantine. Type the number (QC PASS = 1, QC FAIL = 2)</source>
        <translation>退货商品：1 重新上架，2 残次，3 隔离。请输入数字（质检合格 = 1，质检不合格 = 2）</translation>
    </message>
    <message>
        <source>Put away: scan the storage bin</source>
        <translation>上架：请扫描存储库位</translation>
    </message>
    <message>
        <source>Count: scan the bin to count</source>
        <translation>盘点：请扫描要盘点的库位</translation>
    </message>
    <message>
        <source>Scan every item in bin {bin}, then scan CONFIRM</source>
        <translation>请扫描库位 {bin} 中的每件商品，然后扫描“确认”</translation>
    </message>
    <message>
        <source>Done. Scan NEXT TASK</source>
        <translation>完成。请扫描“下一个任务”</translation>
    </message>
    <message>
        <source>Order {order} done. Scan NEXT TASK</source>
        <translation>订单 {order} 已完成。请扫描“下一个任务”</translation>
    </message>
    <message>
        <source>Take back: scan the unit to return</source>
        <translation>退回：扫描要放回的商品</translation>
    </message>
    <message>
        <source>Scan the bin the goods are in</source>
        <translation>请扫描货物所在库位</translation>
    </message>
    <message>
        <source>Scan the item in bin {bin}</source>
        <translation>请扫描库位 {bin} 中的商品</translation>
    </message>
    <message>
        <source>Scan the serial of each unit to move, then scan CONFIRM</source>
        <translation>请逐件扫描要移动商品的序列号，然后扫描“确认”</translation>
    </message>
    <message>
        <source>Type how many {sku} and press Enter</source>
        <translation>请输入 {sku} 的数量并按回车</translation>
    </message>
    <message>
        <source>Move {qty} × {sku}: scan the destination bin</source>
        <translation>移动 {qty} × {sku}：请扫描目标库位</translation>
    </message>
    <message>
        <source>Check, then scan CONFIRM (UNDO goes back)</source>
        <translation>请核对，然后扫描“确认”（“撤销”返回上一步）</translation>
    </message>
    <message>
        <source>Reason: 1 QC hold, 2 suspected damage, 3 recall. Type the number</source>
        <translation>原因：1 质检暂扣，2 疑似残损，3 召回。请输入数字</translation>
    </message>
    <message>
        <source>Reason: 1 QC passed, 2 hold lifted. Type the number</source>
        <translation>原因：1 质检通过，2 解除暂扣。请输入数字</translation>
    </message>
    <message>
        <source>Reason: 1 handling, 2 water, 3 packaging. Type the number</source>
        <translation>原因：1 搬运损坏，2 水渍，3 包装破损。请输入数字</translation>
    </message>
    <message>
        <source>Reason: 1 damaged goods (damaged units only), 2 expired, 3 lost. Type the number</source>
        <translation>原因：1 残损商品（仅限残损件），2 过期，3 丢失。请输入数字</translation>
    </message>
    <message>
        <source>Reason: 1 found in the bin, 2 correction. Type the number</source>
        <translation>原因：1 库位中发现，2 更正。请输入数字</translation>
    </message>
    <message>
        <source>Stop the order: 1 address problem, 2 goods damaged, 3 customer request, 4 other. Type the number</source>
        <translation>停止订单：1 地址异常，2 货物破损，3 客户要求，4 其他。请输入数字</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>Stock in another bin</source>
        <translation>其他库位有货</translation>
    </message>
    <message>
        <source>Customer accepts part</source>
        <translation>客户接受部分发货</translation>
    </message>
    <message>
        <source>Deadline comes first</source>
        <translation>时效优先</translation>
    </message>
    <message>
        <source>Stock is on its way</source>
        <translation>货品在途</translation>
    </message>
    <message>
        <source>Stock has arrived</source>
        <translation>货品已到</translation>
    </message>
    <message>
        <source>Count confirmed</source>
        <translation>盘点已确认</translation>
    </message>
    <message>
        <source>Needs a recount</source>
        <translation>需要复盘</translation>
    </message>
    <message>
        <source>Fixed at the OMS</source>
        <translation>已在 OMS 修正</translation>
    </message>
    <message>
        <source>Cannot be recovered</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Checked on the floor</source>
        <translation>已现场核实</translation>
    </message>
    <message>
        <source>Handled at the OMS</source>
        <translation>已在 OMS 处理</translation>
    </message>
    <message>
        <source>No action needed</source>
        <translation>无需处理</translation>
    </message>
    <message>
        <source>Problem solved</source>
        <translation>问题已解决</translation>
    </message>
    <message>
        <source>Customer confirmed the order</source>
        <translation>客户已确认订单</translation>
    </message>
</context>
<context>
    <name>Receive</name>
    <message>
        <source>{inbound} · return · {owner} · {received} of {expected} units</source>
        <translation>{inbound} · 退货 · {owner} · 已收 {received} / {expected} 件</translation>
    </message>
    <message>
        <source>{inbound} · {owner} · {received} of {expected} units</source>
        <translation>{inbound} · {owner} · 已收 {received} / {expected} 件</translation>
    </message>
    <message>
        <source>due {date}</source>
        <translation>预计 {date} 到货</translation>
    </message>
    <message>
        <source>Inbound orders due:</source>
        <translation>待收货的入库单：</translation>
    </message>
</context>
<context>
    <name>Refusals</name>
    <message>
        <source>Order {order} is not known at this station.</source>
        <translation>本工作站没有订单 {order}。</translation>
    </message>
    <message>
        <source>Inbound order {inbound} is not known at this station.</source>
        <translation>本工作站没有入库单 {inbound}。</translation>
    </message>
    <message>
        <source>SKU {sku} of owner {owner} is not known.</source>
        <translation>货主 {owner} 没有商品 {sku}。</translation>
    </message>
    <message>
        <source>Barcode {scanned} is not known for this owner&apos;s goods.</source>
        <translation>条码 {scanned} 不属于该货主的商品。</translation>
    </message>
    <message>
        <source>Bin {bin} does not exist.</source>
        <translation>库位 {bin} 不存在。</translation>
    </message>
    <message>
        <source>Select the orders to hand this station first.</source>
        <translation>请先选择要分配给本工作站的订单。</translation>
    </message>
    <message>
        <source>A block of claims lasts 1 to {max} hours.</source>
        <translation>预分配认领的时长为 1 至 {max} 小时。</translation>
    </message>
    <message>
        <source>The OMS cannot be reached: claims are handed out and re-assigned by the OMS. Try again when the station is online.</source>
        <translation>无法连接 OMS：认领由 OMS 分配和重新分配。请在工作站联网后重试。</translation>
    </message>
    <message>
        <source>Only an active supervisor may do this. Call your supervisor.</source>
        <translation>只有有效的主管可以执行此操作。请呼叫主管。</translation>
    </message>
    <message>
        <source>You counted or asked for {adjustment} yourself: another supervisor must decide on it.</source>
        <translation>{adjustment} 是您本人盘点或申请的：须由另一位主管决定。</translation>
    </message>
    <message>
        <source>This station is not set up for a warehouse yet.</source>
        <translation>本工作站尚未设置所属仓库。</translation>
    </message>
    <message>
        <source>The short quantity must be at least 1.</source>
        <translation>缺货数量至少为 1。</translation>
    </message>
    <message>
        <source>The quantity must be at least 1.</source>
        <translation>数量至少为 1。</translation>
    </message>
    <message>
        <source>The quantity is too large.</source>
        <translation>数量过大。</translation>
    </message>
    <message>
        <source>Order {order} was cancelled. Stop and put any picked goods back.</source>
        <translation>订单 {order} 已取消。请停止作业，并将已拣商品放回。</translation>
    </message>
    <message>
        <source>Order {order} is on hold ({hold}). Ask a supervisor to release it.</source>
        <translation>订单 {order} 已挂起（{hold}）。请找主管解除挂起。</translation>
    </message>
    <message>
        <source>There is no hold reason {reason}. Choose one from the list.</source>
        <translation>没有挂起原因 {reason}。请从列表中选择。</translation>
    </message>
    <message>
        <source>Order {order} is {status}: it can no longer be held, moved up or down, or assigned.</source>
        <translation>订单 {order} 状态为 {status}：不能再挂起、调整优先级或分派。</translation>
    </message>
    <message>
        <source>Order {order} is already on hold ({hold}).</source>
        <translation>订单 {order} 已经挂起（{hold}）。</translation>
    </message>
    <message>
        <source>Order {order} is not on hold: there is nothing to release.</source>
        <translation>订单 {order} 未挂起：无需解除。</translation>
    </message>
    <message>
        <source>Order {order} already has priority {priority}, the limit in that direction.</source>
        <translation>订单 {order} 的优先级已是 {priority}，已达该方向的上限。</translation>
    </message>
    <message>
        <source>No active operator has badge {badge}. Choose one from the list.</source>
        <translation>没有工牌为 {badge} 的在岗作业员。请从列表中选择。</translation>
    </message>
    <message>
        <source>Order {order} is already assigned to {badge}.</source>
        <translation>订单 {order} 已分派给 {badge}。</translation>
    </message>
    <message>
        <source>Nothing is in progress on {key} any more: refresh the list.</source>
        <translation>{key} 已没有进行中的作业：请刷新列表。</translation>
    </message>
    <message>
        <source>Order {order} has already been shipped.</source>
        <translation>订单 {order} 已发货。</translation>
    </message>
    <message>
        <source>Order {order} is {status}; this step needs it to be {needed}.</source>
        <translation>订单 {order} 当前状态为 {status}；此步骤需要状态为 {needed}。</translation>
    </message>
    <message>
        <source>{sku} is serial-managed: scan {quantity} serial number(s), {scanned} scanned.</source>
        <translation>{sku} 按序列号管理：需扫描 {quantity} 个序列号，已扫描 {scanned} 个。</translation>
    </message>
    <message>
        <source>The same serial number was scanned twice.</source>
        <translation>同一序列号扫描了两次。</translation>
    </message>
    <message>
        <source>A serial number is too long (64 characters at most).</source>
        <translation>序列号过长（最多 64 个字符）。</translation>
    </message>
    <message>
        <source>Serial {serial} was already picked or shipped.</source>
        <translation>序列号 {serial} 已被拣货或已发货。</translation>
    </message>
    <message>
        <source>Serial {serial} is already in stock.</source>
        <translation>序列号 {serial} 已在库存中。</translation>
    </message>
    <message>
        <source>Pick task {task} does not exist.</source>
        <translation>拣货任务 {task} 不存在。</translation>
    </message>
    <message>
        <source>Order {order} is being handled at another station.</source>
        <translation>订单 {order} 正由其他工作站处理。</translation>
    </message>
    <message>
        <source>This pick at {bin} is already finished.</source>
        <translation>库位 {bin} 的这项拣货已完成。</translation>
    </message>
    <message>
        <source>You scanned {scanned}, this pick is at {bin}.</source>
        <translation>您扫描了 {scanned}，此项拣货在 {bin}。</translation>
    </message>
    <message>
        <source>You scanned {scanned}, pick {sku} here.</source>
        <translation>您扫描了 {scanned}，此处应拣 {sku}。</translation>
    </message>
    <message>
        <source>Scan the batch number of {sku}.</source>
        <translation>请扫描 {sku} 的批次号。</translation>
    </message>
    <message>
        <source>You scanned {scanned}, pick batch {batch}.</source>
        <translation>您扫描了 {scanned}，应拣批次 {batch}。</translation>
    </message>
    <message>
        <source>This stock expired on {expiry}: do not pick it, call your supervisor.</source>
        <translation>此库存已于 {expiry} 过期：请勿拣货，并呼叫主管。</translation>
    </message>
    <message>
        <source>only {qty} more of {sku} are needed from {bin}.</source>
        <translation>{bin} 只需再拣 {qty} 件 {sku}。</translation>
    </message>
    <message>
        <source>No unit of {sku} is picked for order {order}: nothing to put back.</source>
        <translation>订单 {order} 没有已拣的 {sku}：无可放回。</translation>
    </message>
    <message>
        <source>Serial {serial} of {sku} is not picked for order {order}.</source>
        <translation>{sku} 的序列号 {serial} 未被订单 {order} 拣出。</translation>
    </message>
    <message>
        <source>Nothing of order {order} is picked yet: nothing to put back.</source>
        <translation>订单 {order} 尚未拣货：无可放回。</translation>
    </message>
    <message>
        <source>You scanned batch {scanned}; the picked units are batch {batch}.</source>
        <translation>您扫描的批次是 {scanned}；已拣商品的批次是 {batch}。</translation>
    </message>
    <message>
        <source>{sku} is serial-numbered: scan the serial of the unit to put back.</source>
        <translation>{sku} 按序列号管理：请扫描要放回的那件商品的序列号。</translation>
    </message>
    <message>
        <source>Serial-numbered goods go back one unit at a time.</source>
        <translation>序列号商品须逐件放回。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} are picked from {bin}.</source>
        <translation>{bin} 只拣出了 {qty} 件 {sku}。</translation>
    </message>
    <message>
        <source>Choose a short-pick reason: {choices}.</source>
        <translation>请选择缺货原因：{choices}。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} are still to pick at {bin}.</source>
        <translation>{bin} 只剩 {qty} 件 {sku} 待拣。</translation>
    </message>
    <message>
        <source>Enter the carrier code (1 to 64 characters).</source>
        <translation>请输入承运商代码（1 到 64 个字符）。</translation>
    </message>
    <message>
        <source>Order {order} has no shipment here: there are no shipped labels to reprint.</source>
        <translation>订单 {order} 在本站没有发货记录：没有可重打的发货标签。</translation>
    </message>
    <message>
        <source>Enter the tracking number (1 to 64 characters).</source>
        <translation>请输入运单号（1 到 64 个字符）。</translation>
    </message>
    <message>
        <source>Enter the weight in kg, e.g. 1.250.</source>
        <translation>请输入以千克为单位的重量，例如 1.250。</translation>
    </message>
    <message>
        <source>The weight must be more than 0 kg and at most 100 t.</source>
        <translation>重量必须大于 0 千克，且不超过 100 吨。</translation>
    </message>
    <message>
        <source>Weigh to the gram at most (3 decimals in kg).</source>
        <translation>重量最多精确到克（千克数最多 3 位小数）。</translation>
    </message>
    <message>
        <source>The package count must be 1 to {most}.</source>
        <translation>包裹数必须在 1 到 {most} 之间。</translation>
    </message>
    <message>
        <source>Nothing was picked for order {order}: a supervisor must deal with it.</source>
        <translation>订单 {order} 没有任何已拣商品：需由主管处理。</translation>
    </message>
    <message>
        <source>The parcel does not match the pick (SKU scanned/picked): {counts}. Recount it.</source>
        <translation>包裹与拣货不符（商品 已扫描/已拣）：{counts}。请重新清点。</translation>
    </message>
    <message>
        <source>Line {line}: enter 0 or more units.</source>
        <translation>第 {line} 行：请输入 0 或更多件。</translation>
    </message>
    <message>
        <source>Line {line}: scan the batch number of {sku}.</source>
        <translation>第 {line} 行：请扫描 {sku} 的批次号。</translation>
    </message>
    <message>
        <source>Line {line}: enter the expiry date of {sku}.</source>
        <translation>第 {line} 行：请输入 {sku} 的有效期。</translation>
    </message>
    <message>
        <source>Line {line}: returned goods need a QC result (restock, damaged or quarantine).</source>
        <translation>第 {line} 行：退货商品需要质检结果（重新上架、残次或隔离）。</translation>
    </message>
    <message>
        <source>{sku}: {qty} would come back on this return, but at most {most} may (order {order} shipped no more). Set the extra units aside.</source>
        <translation>{sku}：本退货单将退回 {qty} 件，但最多只能退回 {most} 件（订单 {order} 未发出更多）。请将多出的商品放在一边。</translation>
    </message>
    <message>
        <source>Line {line}: this batch expired on {expiry}; do not receive it as sellable stock.</source>
        <translation>第 {line} 行：此批次已于 {expiry} 过期；不能作为可售库存收货。</translation>
    </message>
    <message>
        <source>Inbound order {inbound} was already received.</source>
        <translation>入库单 {inbound} 已收货。</translation>
    </message>
    <message>
        <source>Bin {bin} is frozen: receive elsewhere.</source>
        <translation>库位 {bin} 已冻结：请在其他库位收货。</translation>
    </message>
    <message>
        <source>Line {line} is not on this inbound order.</source>
        <translation>第 {line} 行不在此入库单上。</translation>
    </message>
    <message>
        <source>Nothing was received: count at least one unit.</source>
        <translation>未收到任何商品：请至少清点一件。</translation>
    </message>
    <message>
        <source>{sku}: {received} received, {expected} expected (tolerance {tolerance} %). A supervisor must approve.</source>
        <translation>{sku}：已收 {received}，预期 {expected}（容差 {tolerance}%）。需要主管审批。</translation>
    </message>
    <message>
        <source>Order {order} is already cancelled.</source>
        <translation>订单 {order} 已取消。</translation>
    </message>
    <message>
        <source>Put-back task {task} does not exist.</source>
        <translation>放回任务 {task} 不存在。</translation>
    </message>
    <message>
        <source>These goods were already put back.</source>
        <translation>这些商品已放回。</translation>
    </message>
    <message>
        <source>Bin {bin} is frozen: choose another bin.</source>
        <translation>库位 {bin} 已冻结：请选择其他库位。</translation>
    </message>
    <message>
        <source>Bin {bin} already has an open count.</source>
        <translation>库位 {bin} 已有进行中的盘点。</translation>
    </message>
    <message>
        <source>Count {count} does not exist.</source>
        <translation>盘点单 {count} 不存在。</translation>
    </message>
    <message>
        <source>Count {count} was already submitted.</source>
        <translation>盘点单 {count} 已提交。</translation>
    </message>
    <message>
        <source>Adjustment {adjustment} does not exist.</source>
        <translation>调整单 {adjustment} 不存在。</translation>
    </message>
    <message>
        <source>Adjustment {adjustment} is already {status}.</source>
        <translation>调整单 {adjustment} 已处理（{status}）。</translation>
    </message>
    <message>
        <source>Enter 0 or more units of {sku}.</source>
        <translation>请输入 {sku} 的数量（0 或更多）。</translation>
    </message>
    <message>
        <source>Enter the expiry date of {sku}.</source>
        <translation>请输入 {sku} 的有效期。</translation>
    </message>
    <message>
        <source>{sku} was entered twice: enter one total.</source>
        <translation>{sku} 录入了两次：请只录入一个总数。</translation>
    </message>
    <message>
        <source>Choose a reason: {choices}.</source>
        <translation>请选择原因：{choices}。</translation>
    </message>
    <message>
        <source>{reason} can only add units.</source>
        <translation>{reason} 只能增加数量。</translation>
    </message>
    <message>
        <source>{reason} can only remove units.</source>
        <translation>{reason} 只能减少数量。</translation>
    </message>
    <message>
        <source>Only {qty} damaged unit(s) of {sku} are in {bin}.</source>
        <translation>{bin} 中 {sku} 的残损品只有 {qty} 件。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} in {bin} are free (reserved, frozen and damaged units cannot be written off this way).</source>
        <translation>{bin} 中 {sku} 的可用数量只有 {qty} 件（已预留、冻结和残损的商品不能这样核销）。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} in {bin} can be marked.</source>
        <translation>{bin} 中 {sku} 只有 {qty} 件可以标记。</translation>
    </message>
    <message>
        <source>Several batches of {sku} are in {bin}: scan one.</source>
        <translation>{bin} 中有 {sku} 的多个批次：请扫描其中一个。</translation>
    </message>
    <message>
        <source>There is no {sku} in bin {bin}.</source>
        <translation>库位 {bin} 中没有 {sku}。</translation>
    </message>
    <message>
        <source>The goods are already in {bin}.</source>
        <translation>商品已在 {bin} 中。</translation>
    </message>
    <message>
        <source>Putaway task {task} does not exist.</source>
        <translation>上架任务 {task} 不存在。</translation>
    </message>
    <message>
        <source>These goods were already put away.</source>
        <translation>这些商品已上架。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} can be moved from {bin} now.</source>
        <translation>目前只能从 {bin} 移出 {qty} 件 {sku}。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} in {bin} are free to move.</source>
        <translation>{bin} 中 {sku} 只有 {qty} 件可以移动。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} in {bin} can be frozen (the rest is reserved, frozen or damaged).</source>
        <translation>{bin} 中 {sku} 只有 {qty} 件可以冻结（其余已预留、冻结或残损）。</translation>
    </message>
    <message>
        <source>Only {qty} of {sku} in {bin} are frozen.</source>
        <translation>{bin} 中 {sku} 只有 {qty} 件已冻结。</translation>
    </message>
    <message>
        <source>Exception {exception} does not exist.</source>
        <translation>异常记录 {exception} 不存在。</translation>
    </message>
    <message>
        <source>This exception is already resolved.</source>
        <translation>此异常已处理。</translation>
    </message>
    <message>
        <source>Close this one by its decision: retry or discard the rejected event.</source>
        <translation>请通过相应决定关闭：重试或丢弃被拒绝的事件。</translation>
    </message>
    <message>
        <source>Close this one by its decision: approve or reject the adjustment.</source>
        <translation>请通过相应决定关闭：批准或驳回该调整。</translation>
    </message>
    <message>
        <source>{resolution} is not a decision for a {type} exception.</source>
        <translation>{resolution} 不适用于 {type} 类异常。</translation>
    </message>
    <message>
        <source>Reason {reason} does not fit this decision. Choose one from the list.</source>
        <translation>原因 {reason} 与该决定不符。请从列表中选择。</translation>
    </message>
    <message>
        <source>Order {order} is still short of stock. Wait for stock, or count the bins.</source>
        <translation>订单 {order} 仍然缺货。请等待到货，或盘点库位。</translation>
    </message>
    <message>
        <source>Order {order} still has open picks. Finish picking before shipping part.</source>
        <translation>订单 {order} 仍有未完成的拣货。请先完成拣货再部分发货。</translation>
    </message>
    <message>
        <source>Badge {badge} is not an active operator of this station.</source>
        <translation>工牌 {badge} 不是本站的在职操作员。</translation>
    </message>
    <message>
        <source>Order {order} has no short-picked units left to re-allocate.</source>
        <translation>订单 {order} 没有可重新分配的短拣货品。</translation>
    </message>
    <message>
        <source>No other bin has {qty} free of {sku}. Wait for stock or ship part.</source>
        <translation>其他库位没有 {qty} 件可用的 {sku}。请等待到货或部分发货。</translation>
    </message>
    <message>
        <source>Order {order} has open exception #{exception} ({type}). Ask a supervisor to decide it.</source>
        <translation>订单 {order} 有未处理的异常 #{exception}（{type}）。请主管处理。</translation>
    </message>
    <message>
        <source>Owner {owner} is not known at this station.</source>
        <translation>本工作站没有货主 {owner}。</translation>
    </message>
    <message>
        <source>Choose retry or discard.</source>
        <translation>请选择重试或丢弃。</translation>
    </message>
    <message>
        <source>Event {event} does not exist.</source>
        <translation>事件 {event} 不存在。</translation>
    </message>
    <message>
        <source>Event #{event} is {status}, not rejected: nothing to resolve.</source>
        <translation>事件 #{event} 的状态为 {status}，并未被拒绝：无需处理。</translation>
    </message>
    <message>
        <source>Feed entry #{seq} cannot be applied: {refusal}</source>
        <translation>数据流条目 #{seq} 无法应用：{refusal}</translation>
    </message>
    <message>
        <source>{document} is for warehouse {warehouse}, this station is in {station_warehouse}.</source>
        <translation>{document} 属于仓库 {warehouse}，本工作站属于 {station_warehouse}。</translation>
    </message>
    <message>
        <source>{document} is for owner {owner}, unknown here.</source>
        <translation>{document} 属于货主 {owner}，本工作站没有该货主。</translation>
    </message>
    <message>
        <source>Feed entry #{seq} is of an unknown kind.</source>
        <translation>数据流条目 #{seq} 的类型未知。</translation>
    </message>
    <message>
        <source>Cancel of order {order}, which is not known at this station.</source>
        <translation>取消的订单 {order} 在本工作站不存在。</translation>
    </message>
    <message>
        <source>Inbound {inbound} names SKU {sku}, unknown here.</source>
        <translation>入库单 {inbound} 含有本工作站未知的商品 {sku}。</translation>
    </message>
    <message>
        <source>SKU {sku} names unknown owner {owner}.</source>
        <translation>商品 {sku} 的货主 {owner} 未知。</translation>
    </message>
    <message>
        <source>SKU {sku} lists a barcode twice.</source>
        <translation>商品 {sku} 的条码重复列出。</translation>
    </message>
    <message>
        <source>Barcode {barcode} is already used by SKU {sku} of this owner.</source>
        <translation>条码 {barcode} 已被该货主的商品 {sku} 使用。</translation>
    </message>
    <message>
        <source>Movement names unknown bin {bin}.</source>
        <translation>库存移动中的库位 {bin} 未知。</translation>
    </message>
    <message>
        <source>Movement names unknown SKU {sku}.</source>
        <translation>库存移动中的商品 {sku} 未知。</translation>
    </message>
    <message>
        <source>Event of warehouse {warehouse} reached station of {station_warehouse}.</source>
        <translation>仓库 {warehouse} 的事件到达了属于 {station_warehouse} 的工作站。</translation>
    </message>
    <message>
        <source>{reason} is not a reason for an order exception. Choose one from the list.</source>
        <translation>{reason} 不是订单异常的原因。请从列表中选择。</translation>
    </message>
    <message>
        <source>Order {order} is already stopped by exception #{exception}.</source>
        <translation>订单 {order} 已因异常 #{exception} 停止。</translation>
    </message>
    <message>
        <source>The note is too long: at most {most} characters.</source>
        <translation>备注太长：最多 {most} 个字符。</translation>
    </message>
    <message>
        <source>The note repeats the consignee&apos;s name, phone or address of order {order}. Leave them out: the OMS has them.</source>
        <translation>备注含有订单 {order} 收货人的姓名、电话或地址。请删去：OMS 已有这些信息。</translation>
    </message>
    <message>
        <source>Order {order} is stopped by exception #{exception}. Resume it in the exception queue.</source>
        <translation>订单 {order} 因异常 #{exception} 停止。请在异常队列中恢复作业。</translation>
    </message>
    <message>
        <source>Choose one of the reasons {choices}.</source>
        <translation>请从以下原因中选择：{choices}。</translation>
    </message>
    <message>
        <source>Badge {badge} is not an active operator&apos;s. Log in again.</source>
        <translation>工牌 {badge} 不是有效的操作员工牌。请重新登录。</translation>
    </message>
    <message>
        <source>You cannot approve your own stock action. Ask another supervisor.</source>
        <translation>您不能审批自己的库存操作。请找另一位主管。</translation>
    </message>
    <message>
        <source>More than {threshold} units need a supervisor&apos;s approval.</source>
        <translation>超过 {threshold} 件需要主管审批。</translation>
    </message>
    <message>
        <source>Serial {serial} is not a {sku} in bin {bin}.</source>
        <translation>序列号 {serial} 不是库位 {bin} 中的 {sku}。</translation>
    </message>
</context>
<context>
    <name>RejectedEventsDialog</name>
    <message>
        <source>Events the OMS rejected</source>
        <translation>被 OMS 拒绝的事件</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>No rejected events left.</source>
        <translation>没有待处理的被拒事件了。</translation>
    </message>
    <message>
        <source>Retry (send again)</source>
        <translation>重试（重新发送）</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Resolutions</name>
    <message>
        <source>Re-allocate</source>
        <translation>重新分配</translation>
    </message>
    <message>
        <source>Ship partial</source>
        <translation>部分发货</translation>
    </message>
    <message>
        <source>Wait for stock</source>
        <translation>等待到货</translation>
    </message>
    <message>
        <source>Retry allocation</source>
        <translation>重新尝试分配</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>确认知悉</translation>
    </message>
    <message>
        <source>Resume work</source>
        <translation>恢复作业</translation>
    </message>
    <message>
        <source>Closed by itself (the labels printed on a retry)</source>
        <translation>已自动关闭（重试后标签已打印）</translation>
    </message>
    <message>
        <source>Closed by itself (the order shipped)</source>
        <translation>已自动关闭（订单已发货）</translation>
    </message>
    <message>
        <source>Closed by itself (the order was cancelled)</source>
        <translation>已自动关闭（订单已取消）</translation>
    </message>
    <message>
        <source>Resolved by itself (the next reconciliation agreed)</source>
        <translation>已自动解决（下一次对账一致）</translation>
    </message>
</context>
<context>
    <name>Scale</name>
    <message>
        <source>the scale does not answer (switched off, wrong port or baud rate?)</source>
        <translation>电子秤无应答（是否关机、端口或波特率错误？）</translation>
    </message>
    <message>
        <source>the scale sends unreadable data (wrong protocol or baud rate?)</source>
        <translation>电子秤发送的数据无法识别（协议或波特率错误？）</translation>
    </message>
    <message>
        <source>overload: the package is heavier than the scale can weigh</source>
        <translation>超载：包裹超过电子秤的量程</translation>
    </message>
    <message>
        <source>underload: below zero, take everything off and zero the scale</source>
        <translation>欠载：读数低于零，请清空秤盘并归零</translation>
    </message>
    <message>
        <source>the scale is busy and gives no weight</source>
        <translation>电子秤忙，未给出重量</translation>
    </message>
    <message>
        <source>the scale refused the request</source>
        <translation>电子秤拒绝了请求</translation>
    </message>
    <message>
        <source>the scale weighs in another unit than the station&apos;s settings say</source>
        <translation>电子秤的称重单位与工作站设置不符</translation>
    </message>
    <message>
        <source>the scale&apos;s cable is unplugged or its port went away</source>
        <translation>电子秤连接线已拔出或端口已断开</translation>
    </message>
    <message>
        <source>Scale: not configured</source>
        <translation>电子秤：未配置</translation>
    </message>
    <message>
        <source>Scale: fault</source>
        <translation>电子秤：故障</translation>
    </message>
    <message>
        <source>Scale: waiting</source>
        <translation>电子秤：等待中</translation>
    </message>
    <message>
        <source>Scale: ready</source>
        <translation>电子秤：就绪</translation>
    </message>
</context>
<context>
    <name>StationStatusBar</name>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>● Not enrolled</source>
        <translation>● 未注册</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● 在线</translation>
    </message>
    <message>
        <source>● Offline</source>
        <translation>● 离线</translation>
    </message>
    <message numerus="yes">
        <source>Pending events: %n</source>
        <translation>
            <numerusform>待同步事件：%n</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Rejected events: %n (supervisor)</source>
        <translation>
            <numerusform>被拒绝事件：%n（需主管处理）</numerusform>
        </translation>
    </message>
    <message>
        <source>Last sync: never</source>
        <translation>上次同步：从未</translation>
    </message>
    <message>
        <source>Last sync: {time}</source>
        <translation>上次同步：{time}</translation>
    </message>
</context>
<context>
    <name>StepScreen</name>
    <message>
        <source>No image</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Left: {left} of {total}</source>
        <translation>剩余：{left} / {total}</translation>
    </message>
    <message>
        <source>Step {no} of {count}</source>
        <translation>第 {no} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>{kg} kg</source>
        <translation>{kg} 千克</translation>
    </message>
</context>
<context>
    <name>StockInquiryPage</name>
    <message>
        <source>Scan or type a SKU, barcode, bin, batch or serial number</source>
        <translation>扫描或输入 SKU、条码、库位、批次或序列号</translation>
    </message>
    <message>
        <source>Look up</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Show older movements</source>
        <translation>显示更早的库存变动</translation>
    </message>
    <message>
        <source>Stock per bin and batch</source>
        <translation>按库位和批次的库存</translation>
    </message>
    <message>
        <source>Stock card (newest first)</source>
        <translation>库存卡（最新在前）</translation>
    </message>
    <message>
        <source>Bin</source>
        <translation>库位</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>On hand</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>残损</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>What</source>
        <translation>业务</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>单号</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Stock part</source>
        <translation>库存类别</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变动</translation>
    </message>
    <message>
        <source>Stock inquiry</source>
        <translation>库存查询</translation>
    </message>
    <message>
        <source>Nothing at this station is called “{code}”. Scan or type a SKU, barcode, bin, batch or serial number.</source>
        <translation>本工作站没有名为“{code}”的内容。请扫描或输入 SKU、条码、库位、批次或序列号。</translation>
    </message>
    <message>
        <source>No stock here now.</source>
        <translation>此处目前没有库存。</translation>
    </message>
    <message>
        <source>Serial {serial}: {state}, SKU {sku} in bin {bin}</source>
        <translation>序列号 {serial}：{state}，SKU {sku}，库位 {bin}</translation>
    </message>
    <message>
        <source>Bin {bin}</source>
        <translation>库位 {bin}</translation>
    </message>
    <message>
        <source>Batch {batch}</source>
        <translation>批次 {batch}</translation>
    </message>
    <message>
        <source>SKU {sku} (owner {owner})</source>
        <translation>SKU {sku}（货主 {owner}）</translation>
    </message>
</context>
<context>
    <name>StoreProblems</name>
    <message>
        <source>The station&apos;s disk is full. Nothing was saved; free some space (or call IT), then scan again.</source>
        <translation>工作站磁盘已满。未保存任何内容；请腾出空间（或联系 IT），然后重新扫描。</translation>
    </message>
    <message>
        <source>The station&apos;s database is busy (another program holds it). Nothing was saved; scan again in a moment.</source>
        <translation>工作站数据库正忙（被其他程序占用）。未保存任何内容；请稍后重新扫描。</translation>
    </message>
    <message>
        <source>The station&apos;s database cannot be written (read-only file or folder). Nothing was saved; call IT.</source>
        <translation>工作站数据库无法写入（文件或文件夹为只读）。未保存任何内容；请联系 IT。</translation>
    </message>
    <message>
        <source>The station&apos;s database file is damaged. Nothing was saved; stop scanning and call IT.</source>
        <translation>工作站数据库文件已损坏。未保存任何内容；请停止扫描并联系 IT。</translation>
    </message>
    <message>
        <source>The station&apos;s disk could not be read or written. Nothing was saved; call IT.</source>
        <translation>工作站磁盘无法读写。未保存任何内容；请联系 IT。</translation>
    </message>
</context>
<context>
    <name>SupervisorConsole</name>
    <message>
        <source>Supervisor {name} ({badge}) runs this console on {operator}&apos;s session</source>
        <translation>主管 {name}（{badge}）正在 {operator} 的会话中使用此控制台</translation>
    </message>
    <message>
        <source>Signed in as supervisor {name} ({badge})</source>
        <translation>已以主管 {name}（{badge}）身份登录</translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Supervisor sign-off</source>
        <translation>主管确认</translation>
    </message>
    <message>
        <source>Supervisor: scan your badge, then type your PIN</source>
        <translation>主管：请扫描工牌，然后输入 PIN 码</translation>
    </message>
    <message>
        <source>Badge: {badge}</source>
        <translation>工牌：{badge}</translation>
    </message>
    <message>
        <source>Scan an active supervisor&apos;s badge first.</source>
        <translation>请先扫描有效的主管工牌。</translation>
    </message>
</context>
<context>
    <name>SyncBanner</name>
    <message>
        <source>{problem} Keep working: nothing is lost. Tell your supervisor.</source>
        <translation>{problem}请继续工作：数据不会丢失。请告知主管。</translation>
    </message>
    <message>
        <source>{problem} Failing since {time}. Keep working: nothing is lost, events are sent when the connection is back. Tell your supervisor if this stays.</source>
        <translation>{problem}自 {time} 起同步失败。请继续工作：数据不会丢失，连接恢复后会自动发送。如持续出现，请告知主管。</translation>
    </message>
</context>
<context>
    <name>SyncProblems</name>
    <message>
        <source>No connection to the OMS (network or OMS server down).</source>
        <translation>无法连接 OMS（网络或 OMS 服务器故障）。</translation>
    </message>
    <message>
        <source>The station does not trust the OMS&apos;s security certificate. IT must set it up.</source>
        <translation>工作站不信任 OMS 的安全证书，需由 IT 配置。</translation>
    </message>
    <message>
        <source>The OMS no longer accepts this station. IT must enrol it again.</source>
        <translation>OMS 不再接受本工作站，需由 IT 重新注册。</translation>
    </message>
    <message>
        <source>This station was revoked at the OMS: IT must re-enrol it.</source>
        <translation>本工作站已在 OMS 被吊销，需由 IT 重新注册。</translation>
    </message>
    <message>
        <source>Station not enrolled — IT: run `wms-floor enroll --oms-url URL --warehouse WH --key KEY`.</source>
        <translation>工作站未注册——IT：请运行 `wms-floor enroll --oms-url URL --warehouse WH --key KEY`。</translation>
    </message>
    <message>
        <source>The station cannot open its key store (keyring). Call IT.</source>
        <translation>工作站无法打开密钥库（keyring），请联系 IT。</translation>
    </message>
    <message>
        <source>The OMS is busy or has a fault.</source>
        <translation>OMS 繁忙或出现故障。</translation>
    </message>
    <message>
        <source>The station&apos;s OMS address is not secure (http://). IT must fix it.</source>
        <translation>工作站的 OMS 地址不安全（http://），需由 IT 修正。</translation>
    </message>
    <message>
        <source>The OMS refused the station&apos;s request. Tell your supervisor.</source>
        <translation>OMS 拒绝了工作站的请求。请告知主管。</translation>
    </message>
    <message>
        <source>The OMS answered something the station does not understand. Call IT.</source>
        <translation>OMS 的应答工作站无法识别。请联系 IT。</translation>
    </message>
    <message>
        <source>The station&apos;s database cannot be used right now (disk full or busy).</source>
        <translation>工作站数据库暂时无法使用（磁盘已满或繁忙）。</translation>
    </message>
    <message>
        <source>Syncing stopped on an error in the station; it was logged. Call IT.</source>
        <translation>工作站内部出错，同步已停止，已记入日志。请联系 IT。</translation>
    </message>
    <message>
        <source>This station&apos;s software is older than the OMS accepts: syncing stopped. IT must install the update.</source>
        <translation>本工作站软件版本低于 OMS 要求，已停止同步。请 IT 安装更新。</translation>
    </message>
    <message>
        <source>Update required: version {minimum} or newer (this station: {current})</source>
        <translation>必须更新：需要 {minimum} 或更高版本（本工作站：{current}）</translation>
    </message>
    <message>
        <source>Update available: version {recommended} (this station: {current})</source>
        <translation>有可用更新：版本 {recommended}（本工作站：{current}）</translation>
    </message>
    <message>
        <source>This station is not enrolled with the OMS, so it knows no badges yet. IT: run `wms-floor enroll --oms-url URL --warehouse WH --key KEY`.</source>
        <translation>本工作站尚未在 OMS 注册，因此还没有任何工牌。IT：请运行 `wms-floor enroll --oms-url URL --warehouse WH --key KEY`。</translation>
    </message>
</context>
<context>
    <name>TaskListScreen</name>
    <message>
        <source>Owner</source>
        <translation>货主</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>筛选：</translation>
    </message>
    <message>
        <source>Print command barcodes</source>
        <translation>打印指令条码</translation>
    </message>
    <message>
        <source>Count differences (supervisor)</source>
        <translation>盘点差异（主管）</translation>
    </message>
    <message>
        <source>Supervisor console</source>
        <translation>主管控制台</translation>
    </message>
    <message>
        <source>Open exceptions: {counts}</source>
        <translation>未处理异常：{counts}</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>货主</translation>
    </message>
    <message>
        <source>Carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>分派给</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>On hold: {reason}</source>
        <translation>挂起：{reason}</translation>
    </message>
    <message>
        <source>Held: no stock</source>
        <translation>挂起：无库存</translation>
    </message>
    <message>
        <source>At another station</source>
        <translation>由其他工作站处理</translation>
    </message>
    <message>
        <source>Taken by {station}</source>
        <translation>已被 {station} 认领</translation>
    </message>
    <message>
        <source>To pick</source>
        <translation>待拣货</translation>
    </message>
    <message>
        <source>Picking</source>
        <translation>拣货中</translation>
    </message>
    <message>
        <source>To pack</source>
        <translation>待打包</translation>
    </message>
    <message>
        <source>Packed</source>
        <translation>已打包</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Work</source>
        <translation>作业</translation>
    </message>
    <message>
        <source>Order / inbound / bin</source>
        <translation>订单／入库单／库位</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>作业员</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>开始于</translation>
    </message>
    <message>
        <source>Last scan</source>
        <translation>最后扫描</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>挂起原因</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>分派给</translation>
    </message>
    <message>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>解除挂起</translation>
    </message>
    <message>
        <source>Priority +</source>
        <translation>优先级 +</translation>
    </message>
    <message>
        <source>Priority −</source>
        <translation>优先级 −</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>分派</translation>
    </message>
    <message>
        <source>Unassign</source>
        <translation>取消分派</translation>
    </message>
    <message>
        <source>Hand over work</source>
        <translation>交接作业</translation>
    </message>
    <message>
        <source>Raise exception</source>
        <translation>登记异常</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>订单：</translation>
    </message>
    <message>
        <source>Hold reason:</source>
        <translation>挂起原因：</translation>
    </message>
    <message>
        <source>Operator:</source>
        <translation>作业员：</translation>
    </message>
    <message>
        <source>Order exception:</source>
        <translation>订单异常：</translation>
    </message>
    <message>
        <source>In progress (who has what, since when)</source>
        <translation>进行中（谁在做什么，从何时开始）</translation>
    </message>
    <message>
        <source>Orders on hold or assigned</source>
        <translation>已挂起或已分派的订单</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Pick</source>
        <translation>拣货</translation>
    </message>
    <message>
        <source>Receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <source>Pack</source>
        <translation>打包</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>盘点</translation>
    </message>
    <message>
        <source>(anyone)</source>
        <translation>（任何人）</translation>
    </message>
    <message>
        <source>Type or choose an order number first.</source>
        <translation>请先输入或选择订单号。</translation>
    </message>
    <message>
        <source>Order {order} is on hold.</source>
        <translation>订单 {order} 已挂起。</translation>
    </message>
    <message>
        <source>Order {order} is released: it can be worked again.</source>
        <translation>订单 {order} 已解除挂起：可以继续作业。</translation>
    </message>
    <message>
        <source>Order {order} is stopped ({reason}): the OMS is told.</source>
        <translation>订单 {order} 已停止（{reason}）：已通知 OMS。</translation>
    </message>
    <message>
        <source>Priority of order {order} changed.</source>
        <translation>订单 {order} 的优先级已更改。</translation>
    </message>
    <message>
        <source>Order {order} is assigned to {badge}.</source>
        <translation>订单 {order} 已分派给 {badge}。</translation>
    </message>
    <message>
        <source>Order {order} is no longer assigned.</source>
        <translation>订单 {order} 已取消分派。</translation>
    </message>
    <message>
        <source>Choose the work in progress to release first.</source>
        <translation>请先选择要交出的进行中作业。</translation>
    </message>
    <message>
        <source>{key} is released to {badge}.</source>
        <translation>{key} 已交给 {badge}。</translation>
    </message>
</context>
<context>
    <name>ThroughputChart</name>
    <message>
        <source>Picks per hour today</source>
        <translation>今日每小时拣货次数</translation>
    </message>
    <message>
        <source>Picks</source>
        <translation>拣货次数</translation>
    </message>
</context>
</TS>
