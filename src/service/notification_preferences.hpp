// Per-person notification preferences (which events, which channels, working hours): stored per user, read by
// NotificationService for every person it addresses, set by people themselves (or an admin) through the API.
#pragma once

#include "core/result.hpp"
#include "core/user.hpp"
#include "rules/notification_preferences.hpp"
#include "service/policy.hpp"
#include "store/sql.hpp"
#include "store/store.hpp"

namespace sladesk::service {

/// The preferences of `user` on `db`: the defaults (everything, any time) if they never set any. kInternal naming
/// the user if the stored text is damaged. Reads the store.
Result<rules::NotificationPreferences> LoadPreferences(store::SqlConnection& db, UserId user);

/// Thread-safe; references must outlive it.
class PreferenceService {
 public:
    PreferenceService(store::Store& store, PolicyCache& policy) : store_(store), policy_(policy) {}

    /// The preferences of `user`. kPermissionDenied unless `actor` is that user or an admin; kNotFound for an
    /// unknown user.
    Result<rules::NotificationPreferences> Get(const Actor& actor, UserId user);
    /// Replaces the preferences of `user` and returns them. kPermissionDenied as for Get; kNotFound for an unknown
    /// user; kInvalidArgument naming the field for an unknown event or channel, a repeated one, or a calendar the
    /// policy does not have. Writes the store.
    Result<rules::NotificationPreferences> Put(const Actor& actor, UserId user,
                                               const rules::NotificationPreferences& preferences);

 private:
    store::Store& store_;
    PolicyCache& policy_;
};

}  // namespace sladesk::service
