// Per-person notification preferences: which events and which person channels someone wants, and the working hours
// (a calendar of the policy) outside which their messages wait for the next working minute. Pure.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/utc_time.hpp"
#include "sla/calendar.hpp"

namespace sladesk::rules {

/// The events and channels a person can choose among (robots and webhooks are configured, not chosen).
inline constexpr std::array<std::string_view, 3> kPersonEvents{"sla_warning", "sla_breach", "escalation"};
inline constexpr std::array<std::string_view, 2> kPersonChannels{"email", "sms"};

/// A plain value. The defaults (empty lists, no calendar) mean: every event, every channel, at any time.
struct NotificationPreferences {
    std::vector<std::string> events;     // empty: every event in kPersonEvents
    std::vector<std::string> channels;   // empty: every channel in kPersonChannels
    std::optional<std::string> calendar; // working hours; unset: any time
    friend bool operator==(const NotificationPreferences&, const NotificationPreferences&) = default;
};

/// kInvalidArgument naming the field and value: an event or channel not in the lists above, one given twice, an
/// empty calendar name. Pure.
Status ValidatePreferences(const NotificationPreferences& preferences);

/// When a message of `event` on `channel` may go to the person (UTC): nullopt if they do not want that event or
/// channel; `now` if the message is urgent (a breach, a ladder step marked urgent — it must reach them at once,
/// night or not), if they keep no hours (`hours` null: no calendar set, or it is no longer in the policy), or if
/// `now` is inside their hours; else the next working instant of `hours` after `now` (`now` again if the calendar
/// has no working time ahead, rather than never). Pure.
std::optional<UtcTime> DeliveryTime(const NotificationPreferences& preferences, std::string_view event,
                                    std::string_view channel, bool urgent, const sla::Calendar* hours, UtcTime now);

}  // namespace sladesk::rules
