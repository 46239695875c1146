#include "rules/notification_preferences.hpp"

#include <algorithm>
#include <span>

namespace sladesk::rules {
namespace {

bool Contains(std::span<const std::string_view> known, std::string_view value) {
    return std::find(known.begin(), known.end(), value) != known.end();
}

/// An empty list wants everything.
bool Wants(const std::vector<std::string>& chosen, std::string_view value) {
    return chosen.empty() || std::find(chosen.begin(), chosen.end(), value) != chosen.end();
}

Status CheckList(const std::vector<std::string>& values, std::span<const std::string_view> known,
                 const std::string& field) {
    for (std::size_t index = 0; index < values.size(); ++index) {
        if (!Contains(known, values[index])) {
            std::string allowed;
            for (std::string_view each : known) allowed += (allowed.empty() ? "" : ", ") + std::string(each);
            return Error::InvalidArgument(field + "[" + std::to_string(index) + "]: unknown value '" + values[index] +
                                          "' (one of " + allowed + ")");
        }
        if (std::find(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index), values[index]) !=
            values.begin() + static_cast<std::ptrdiff_t>(index)) {
            return Error::InvalidArgument(field + ": '" + values[index] + "' is given twice");
        }
    }
    return OkStatus();
}

}  // namespace

Status ValidatePreferences(const NotificationPreferences& preferences) {
    SLADESK_TRY(CheckList(preferences.events, kPersonEvents, "events"));
    SLADESK_TRY(CheckList(preferences.channels, kPersonChannels, "channels"));
    if (preferences.calendar && preferences.calendar->empty()) {
        return Error::InvalidArgument("calendar: empty name (leave it out or null for any time)");
    }
    return OkStatus();
}

std::optional<UtcTime> DeliveryTime(const NotificationPreferences& preferences, std::string_view event,
                                    std::string_view channel, bool urgent, const sla::Calendar* hours, UtcTime now) {
    if (!Wants(preferences.events, event) || !Wants(preferences.channels, channel)) return std::nullopt;
    if (urgent || hours == nullptr) return now;
    const UtcTime next = hours->NextWorkingInstant(now);
    return next == sla::kNever ? now : next;
}

}  // namespace sladesk::rules
