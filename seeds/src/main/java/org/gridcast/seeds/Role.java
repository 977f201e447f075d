package org.gridcast.seeds;

/** What a member may do; scope is the subtree of the member's home unit. */
public enum Role {
    /** 居民: registered, floating population (流动人口) or shop operator (商户). */
    RESIDENT,
    /** 微网格长: the resident the neighbours chose to lead a micro-grid. */
    MICROGRID_LEADER,
    /** 网格员 */
    GRID_WORKER,
    /** 村/社区工作人员 */
    COMMUNITY_STAFF,
    /** 镇/街道工作人员 */
    TOWN_STAFF,
    OPERATOR;

    /** Staff may post notices to units in their scope. */
    public boolean isStaff() {
        return this != RESIDENT;
    }
}
