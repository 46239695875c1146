// Which state changes a problem notice may make and which roles may make them. Pure.
#pragma once

#include "core/notice.hpp"
#include "core/result.hpp"
#include "core/user.hpp"

namespace sladesk::rules {

/// kConflict naming both states unless `from` -> `to` is a step of open -> acknowledged -> mitigated -> resolved
/// (acknowledged may go straight to resolved). Reviewed is reached by the review only (see CheckReview).
Status CheckNoticeTransition(NoticeState from, NoticeState to);

/// kConflict unless a notice in `state` may be reviewed (resolved, not yet reviewed).
Status CheckReview(NoticeState state);

/// Supervisors < service level managers < admins; 0 for agents and customers.
int ManagerRank(Role role);

/// kPermissionDenied unless `role` is a supervisor, service level manager or admin (who run notices).
Status RequireNoticeManager(Role role, const char* what);

/// kPermissionDenied unless `role` is `owner` or ranks above it (the accountable owner's approvals).
Status RequireOwnerOrAbove(Role role, Role owner, const char* what);

}  // namespace sladesk::rules
