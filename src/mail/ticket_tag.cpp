#include "mail/ticket_tag.hpp"

namespace sladesk::mail {

std::optional<TicketId> FindTicketTag(std::string_view subject) {
    for (std::size_t at = subject.find("[#"); at != std::string_view::npos; at = subject.find("[#", at + 2)) {
        std::size_t end = at + 2;
        while (end < subject.size() && subject[end] >= '0' && subject[end] <= '9') ++end;
        const std::size_t digits = end - at - 2;
        if (digits == 0 || digits > 18 || end >= subject.size() || subject[end] != ']') continue;
        const std::int64_t id = std::stoll(std::string(subject.substr(at + 2, digits)));
        if (id > 0) return TicketId{id};
    }
    return std::nullopt;
}

std::string TaggedSubject(TicketId id, std::string_view title) {
    return "[#" + std::to_string(id.value) + "] " + std::string(title);
}

}  // namespace sladesk::mail
