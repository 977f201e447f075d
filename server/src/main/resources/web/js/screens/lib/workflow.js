// What the event screens show about the workflow (docs/EVENTS.md). The server decides every
// transition (event.workflow.WorkflowTable and Capacities); this copy only chooses which
// buttons to offer, so a member is not shown steps that cannot be theirs. A button the server
// refuses shows its refusal in Chinese.

export const STATES = {
  SUBMITTED: '待受理',
  ACCEPTED: '已受理',
  INVALID: '无效',
  WITHDRAWN: '已撤回',
  IN_PROGRESS: '办理中',
  DISPATCHED: '已派单',
  RETURNED: '已退回',
  ESCALATED: '已上报上级',
  RESOLVED: '已回单',
  CLOSED: '已办结',
  REOPENED: '已重新打开',
};

export function stateName(state) {
  return STATES[state] || state || '';
}

/** What a timeline entry in that state says happened. */
export const STEPS = {
  SUBMITTED: '上报',
  ACCEPTED: '受理',
  INVALID: '判为无效',
  WITHDRAWN: '撤回',
  IN_PROGRESS: '办理',
  DISPATCHED: '派单',
  RETURNED: '退回',
  ESCALATED: '上报上级',
  RESOLVED: '回单',
  CLOSED: '办结',
  REOPENED: '重新打开',
};

// Edges as in WorkflowTable: name, from, to, capacities, Chinese label.
export const EDGES = [
  ['withdraw', 'SUBMITTED', 'WITHDRAWN', ['REPORTER'], '撤回'],
  ['accept', 'SUBMITTED', 'ACCEPTED', ['GRID_WORKER', 'MICROGRID_LEADER', 'COMMUNITY_STAFF'], '受理'],
  ['invalidate', 'SUBMITTED', 'INVALID', ['GRID_WORKER', 'MICROGRID_LEADER', 'COMMUNITY_STAFF'], '无效'],
  ['handle-in-grid', 'ACCEPTED', 'IN_PROGRESS', ['GRID_WORKER', 'MICROGRID_LEADER'], '格内办理'],
  ['dispatch', 'ACCEPTED', 'DISPATCHED', ['COMMUNITY_STAFF', 'TOWN_STAFF'], '派单'],
  ['dispatch-in-progress', 'IN_PROGRESS', 'DISPATCHED', ['COMMUNITY_STAFF', 'TOWN_STAFF'], '派单'],
  ['sign', 'DISPATCHED', 'IN_PROGRESS', ['HANDLER'], '签收'],
  ['return', 'DISPATCHED', 'RETURNED', ['HANDLER'], '退回'],
  ['redispatch', 'RETURNED', 'DISPATCHED', ['DISPATCHER'], '重新派单'],
  ['escalate', 'IN_PROGRESS', 'ESCALATED', ['HANDLER'], '上报上级'],
  ['dispatch-escalated', 'ESCALATED', 'DISPATCHED', ['LEVEL_ABOVE'], '派单'],
  ['resolve', 'IN_PROGRESS', 'RESOLVED', ['HANDLER'], '回单'],
  ['close', 'RESOLVED', 'CLOSED', ['DISPATCHER', 'GRID_WORKER'], '核查办结'],
  ['rework', 'RESOLVED', 'IN_PROGRESS', ['DISPATCHER', 'GRID_WORKER'], '返工'],
  ['reopen', 'CLOSED', 'REOPENED', ['REPORTER'], '重新打开'],
  ['resume', 'REOPENED', 'IN_PROGRESS', ['HANDLER'], '继续办理'],
].map(([name, from, to, who, label]) => ({name, from, to, who, label}));

const STAFF = ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF'];

/**
 * The capacities the member plausibly holds toward an event, from what the client can see:
 * its role, its id and home unit, the event's reporter, handler and dispatcher. Scope is not
 * checked here (the queue only lists events in scope); the server checks everything again.
 */
export function capacities(me, event) {
  const held = new Set();
  if (event.reporter === me.member) held.add('REPORTER');
  if (STAFF.includes(me.role)) held.add(me.role);
  const handler = event.handler || '';
  // The handler member, or staff whose home is the handler unit. A resident handles only what was
  // dispatched to them by name: residents of a micro-grid never handle what goes to their unit.
  if (handler && (handler === me.member || (handler === me.unit && STAFF.includes(me.role)))) held.add('HANDLER');
  if (event.dispatcher ? event.dispatcher === me.member : ['COMMUNITY_STAFF', 'TOWN_STAFF'].includes(me.role)) {
    held.add('DISPATCHER');
  }
  if (['COMMUNITY_STAFF', 'TOWN_STAFF'].includes(me.role)) held.add('LEVEL_ABOVE');
  return held;
}

/** The edges out of the event's state the member may try, in table order. */
export function offeredEdges(me, event) {
  const held = capacities(me, event);
  return EDGES.filter((e) => e.from === event.state && e.who.some((c) => held.has(c)));
}

export const RATINGS = [
  ['satisfied', '满意'],
  ['basic', '基本满意'],
  ['unsatisfied', '不满意'],
];

export function ratingName(score) {
  const found = RATINGS.find(([s]) => s === score);
  return found ? found[1] : '';
}

// The categories the server keys deadlines and stats by (event.deadline.DeadlinePolicy's first
// levels, and the second levels of the generated street year, seeds StreetYearGenerator). The
// server takes any "LEVEL1/LEVEL2"; the wire has no call that lists categories.
export const CATEGORIES = [
  ['市政设施', ['路灯损坏', '下水道堵塞', '道路破损']],
  ['环境卫生', ['垃圾清运', '污水外溢']],
  ['城市管理', ['占道经营', '乱堆乱放']],
  ['矛盾纠纷', ['邻里纠纷', '物业纠纷']],
  ['安全隐患', ['消防通道堵塞', '电动车违规充电']],
  ['民生服务', ['家电维修', '家政保洁']],
  ['治安', ['可疑人员']],
  ['出租房管理', ['流动人口登记']],
];
