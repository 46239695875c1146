// The ticket tag in mail subjects: "[#12345]" joins a reply to its ticket. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.hpp"

namespace sladesk::mail {

/// The ticket id in the first "[#<digits>]" of `subject` (1 to 18 digits, a positive id); nullopt if none.
std::optional<TicketId> FindTicketTag(std::string_view subject);

/// "[#<id>] <title>": the subject of mail about ticket `id`, tagged so the customer's answer finds it again.
std::string TaggedSubject(TicketId id, std::string_view title);

}  // namespace sladesk::mail
