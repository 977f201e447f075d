// Role groups the screens share.
export const ALL_ROLES = ['RESIDENT', 'MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF', 'OPERATOR'];
/** Roles that post notices and ask for receipts (the server checks scope on every request). */
export const STAFF_ROLES = ['MICROGRID_LEADER', 'GRID_WORKER', 'COMMUNITY_STAFF', 'TOWN_STAFF', 'OPERATOR'];
