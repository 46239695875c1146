#include "rules/notice_lifecycle.hpp"

#include <string>

namespace sladesk::rules {

Status CheckNoticeTransition(NoticeState from, NoticeState to) {
    const bool allowed = (from == NoticeState::kOpen && to == NoticeState::kAcknowledged) ||
                         (from == NoticeState::kAcknowledged && to == NoticeState::kMitigated) ||
                         (from == NoticeState::kAcknowledged && to == NoticeState::kResolved) ||
                         (from == NoticeState::kMitigated && to == NoticeState::kResolved);
    if (allowed) return OkStatus();
    return Error::Conflict("a notice cannot go from " + std::string(kNoticeStateNames.Name(from)) + " to " +
                           std::string(kNoticeStateNames.Name(to)));
}

Status CheckReview(NoticeState state) {
    if (state == NoticeState::kResolved) return OkStatus();
    return Error::Conflict("only a resolved notice can be reviewed (this one is " +
                           std::string(kNoticeStateNames.Name(state)) + ")");
}

int ManagerRank(Role role) {
    switch (role) {
        case Role::kSupervisor: return 1;
        case Role::kServiceLevelManager: return 2;
        case Role::kAdmin: return 3;
        case Role::kCustomer:
        case Role::kAgent: return 0;
    }
    return 0;
}

Status RequireNoticeManager(Role role, const char* what) {
    if (ManagerRank(role) > 0) return OkStatus();
    return Error::PermissionDenied(std::string("only supervisors, service level managers and admins may ") + what);
}

Status RequireOwnerOrAbove(Role role, Role owner, const char* what) {
    if (ManagerRank(role) > 0 && ManagerRank(role) >= ManagerRank(owner)) return OkStatus();
    return Error::PermissionDenied(std::string("only the accountable owner (") + std::string(kRoleNames.Name(owner)) +
                                   ") or a higher role may " + what);
}

}  // namespace sladesk::rules
