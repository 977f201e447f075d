// 登录: redeem an invite code (居民 / 商户 / 员工), or open a sign-in link (#token=..., taken by
// the shell before any screen). The invite itself decides the member's unit and role; the
// choice here only says what to expect and whether a name is needed.
import { h, replace } from '../dom.js';
import { redeemInvite } from '../conn.js';
import { ALL_ROLES } from '../roles.js';

const KINDS = [
  { id: 'resident', label: '居民', hint: '居委会或微网格长发给您的邀请码' },
  { id: 'shop', label: '商户', hint: '商户联盟或网格员发给您的邀请码' },
  { id: 'staff', label: '员工', hint: '管理员发给您的员工邀请码' },
];

const MESSAGES = {
  INVALID_INVITE: '邀请码无效、已使用或已过期',
  RATE_LIMITED: '尝试次数过多，请稍后再试',
  BAD_REQUEST: '请填写邀请码',
  LIMIT_EXCEEDED: '内容过长',
};

export default {
  route: '#/signin',
  title: '登录',
  tab: false,
  roles: ALL_ROLES,

  async mount(el, app) {
    let kind = KINDS[0];
    const status = h('p', { class: 'form-status', role: 'alert', 'data-testid': 'signin-status' });
    const code = h('input', { id: 'invite-code', name: 'code', required: true, autocomplete: 'one-time-code',
      inputmode: 'text', maxlength: '64', 'data-testid': 'invite-code' });
    const name = h('input', { id: 'invite-name', name: 'name', autocomplete: 'name', maxlength: '64',
      'data-testid': 'invite-name' });
    const hint = h('p', { class: 'hint', id: 'invite-hint' }, kind.hint);
    const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'invite-submit' }, '登录');
    const choices = KINDS.map((k, i) => h('label', { class: 'segment' },
      h('input', { type: 'radio', name: 'kind', value: k.id, checked: i === 0,
        onchange: () => { kind = k; replace(hint, k.hint); } }),
      h('span', {}, k.label)));

    const form = h('form', { class: 'card form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const value = code.value.trim();
      if (!value) {
        replace(status, '请填写邀请码');
        code.focus();
        return;
      }
      submit.disabled = true;
      replace(status, '正在登录…');
      try {
        const device = await app.store.deviceId();
        const redeemed = await redeemInvite(value, device, name.value.trim());
        await app.signedIn(redeemed.token);
      } catch (err) {
        replace(status, MESSAGES[err.code] || err.message || '登录失败');
        submit.disabled = false;
      }
    } },
    h('fieldset', { class: 'segments' }, h('legend', {}, '我是'), choices),
    h('label', { for: 'invite-code' }, '邀请码'), code, hint,
    h('label', { for: 'invite-name' }, '姓名（邀请码未写明时填写）'), name,
    submit, status);

    replace(el,
      h('p', { class: 'lead' }, '欢迎使用网格通。请输入邀请码，或直接打开工作人员发给您的登录链接。'),
      form);
    code.focus();
  },

  unmount() {},
};
