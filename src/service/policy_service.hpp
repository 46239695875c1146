// Applies a policy document (groups, services, categories, priority matrix, ...) in one transaction.
#pragma once

#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/user.hpp"
#include "service/policy.hpp"
#include "service/policy_document.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// What an apply changed, one line per item ("service online-banking").
struct ApplySummary {
    std::vector<std::string> applied;
};

/// Thread-safe; references must outlive it.
class PolicyService {
 public:
    PolicyService(store::Store& store, const Clock& clock) : store_(store), clock_(clock) {}

    /// Admins only (kPermissionDenied). All or nothing: kInvalidArgument naming the item if a reference (owner
    /// group, member login) does not resolve, and then nothing is stored.
    Result<ApplySummary> Apply(const Actor& actor, const PolicyDocument& document);
    /// The same from the shell, without an actor.
    Result<ApplySummary> ApplyAsSystem(const PolicyDocument& document);

 private:
    store::Store& store_;
    const Clock& clock_;
};

}  // namespace sladesk::service
