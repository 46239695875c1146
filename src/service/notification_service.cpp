#include "service/notification_service.hpp"

#include <date/tz.h>

#include <nlohmann/json.hpp>

#include "service/passwords.hpp"
#include "store/directory_repo.hpp"
#include "store/outbox_repo.hpp"

namespace sladesk::service {
namespace {

using Variables = std::map<std::string, std::string>;

/// "sla:resolution:75" -> clock "sla:resolution", threshold "75" (OLA/UC keys carry a group: "ola:resolution:3:90").
std::pair<std::string, std::string> SplitJobKey(const std::string& job_key) {
    const auto colon = job_key.rfind(':');
    if (colon == std::string::npos) return {job_key, ""};
    return {job_key.substr(0, colon), job_key.substr(colon + 1)};
}

std::string TargetName(const sla::ClockKey& key, const std::string& language) {
    const bool zh = language.rfind("zh", 0) == 0;
    std::string name;
    switch (key.target) {
        case sla::ClockTarget::kFirstResponse: name = zh ? "首次响应" : "first response"; break;
        case sla::ClockTarget::kNextUpdate: name = zh ? "下次更新" : "next update"; break;
        case sla::ClockTarget::kResolution: name = zh ? "解决" : "resolution"; break;
    }
    if (key.scope == sla::AgreementKind::kOla) return (zh ? "OLA " : "OLA ") + name;
    if (key.scope == sla::AgreementKind::kUc) return (zh ? "支持合同 " : "UC ") + name;
    return name;
}

std::string LocalTime(std::optional<UtcTime> at, const std::string& zone) {
    if (!at) return "-";
    try {
        const auto local = date::make_zoned(zone, *at);
        return date::format("%Y-%m-%d %H:%M %Z", local);
    } catch (const std::exception&) {
        return FormatIso8601(*at);
    }
}

/// Who hears about it in person: the assignee, else every member of the ticket's group; active staff only.
Result<std::vector<User>> PeopleFor(store::SqlConnection& db, const Ticket& ticket) {
    std::vector<UserId> ids;
    if (ticket.assignee_id) {
        ids.push_back(*ticket.assignee_id);
    } else if (ticket.group_id) {
        SLADESK_ASSIGN_OR_RETURN(Group group, store::DirectoryRepo::GetGroup(db, *ticket.group_id));
        ids = group.members;
    }
    std::vector<User> people;
    for (UserId id : ids) {
        SLADESK_ASSIGN_OR_RETURN(User user, store::DirectoryRepo::GetUser(db, id));
        if (user.active && user.role != Role::kCustomer) people.push_back(std::move(user));
    }
    return people;
}

}  // namespace

std::string MessageUidFor(const std::string& dedup_key) { return Sha256Hex(dedup_key).substr(0, 32); }

Status NotificationService::OnSlaEvent(store::SqlConnection& db, const Ticket& ticket, const store::DueJob& job,
                                       const sla::ClockEvaluation& evaluation, UtcTime now) const {
    const std::string& event = job.kind;
    const auto [clock, threshold] = SplitJobKey(job.job_key);
    const sla::ClockFigure* figure = nullptr;
    for (const auto& each : evaluation.figures) {
        if (each.key.Text() == clock) figure = &each;
    }
    if (figure == nullptr) return OkStatus();  // the clock is gone; nothing to say

    SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    std::string organisation = "-";
    if (ticket.organisation_id) {
        SLADESK_ASSIGN_OR_RETURN(auto organisations, store::DirectoryRepo::ListOrganisations(db));
        for (const auto& each : organisations) {
            if (each.id == *ticket.organisation_id) organisation = each.name;
        }
    }
    std::optional<std::string> group_name;
    if (ticket.group_id) {
        SLADESK_ASSIGN_OR_RETURN(Group group, store::DirectoryRepo::GetGroup(db, *ticket.group_id));
        group_name = group.name;
    }
    Variables variables = {
        {"ticket.id", std::to_string(ticket.id.value)},
        {"ticket.title", ticket.title},
        {"ticket.priority", std::to_string(ticket.priority)},
        {"ticket.status", std::string(kTicketStatusNames.Name(ticket.status))},
        {"ticket.group", group_name.value_or("-")},
        {"ticket.url", config_.public_url.empty() ? std::string()
                                                  : config_.public_url + "/tickets/" + std::to_string(ticket.id.value)},
        {"customer.name", customer.display_name},
        {"customer.organisation", organisation},
        {"sla.clock", clock},
        {"sla.threshold", job.kind == "sla_breach" ? std::string("100") : threshold},
        {"sla.agreement", figure->agreement},
        {"sla.due_at", figure->due_at ? FormatIso8601(*figure->due_at) : std::string("-")},
        {"sla.due_local", LocalTime(figure->due_at, config_.timezone)},
    };
    const std::string key_base = event + "|t" + std::to_string(ticket.id.value) + "|" + job.job_key + "@" +
                                 FormatIso8601(job.due_at) + "|";
    const auto enqueue = [&](const std::string& channel, const std::string& recipient, std::optional<UserId> user,
                             const std::string& language, const std::string& recipient_name) -> Status {
        Variables vars = variables;
        vars["recipient.name"] = recipient_name;
        vars["sla.target"] = TargetName(figure->key, templates_.ResolveLanguage(language));
        SLADESK_ASSIGN_OR_RETURN(notify::RenderedMessage rendered, templates_.Render(event, language, vars));
        store::OutboxMessage message;
        message.dedup_key = key_base + channel + "|" + (user ? "u" + std::to_string(user->value) : recipient);
        message.message_uid = MessageUidFor(message.dedup_key);
        message.event = event;
        message.channel = channel;
        message.recipient = recipient;
        message.user_id = user;
        message.ticket_id = ticket.id;
        message.language = rendered.language;
        message.subject = std::move(rendered.subject);
        message.body_text = std::move(rendered.text);
        message.body_html = std::move(rendered.html);
        message.data = nlohmann::json(vars).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        message.urgent = event == "sla_breach";
        message.next_attempt_at = now;
        message.created_at = now;
        SLADESK_TRY(store::OutboxRepo::Enqueue(db, message));
        return OkStatus();
    };

    SLADESK_ASSIGN_OR_RETURN(std::vector<User> people, PeopleFor(db, ticket));
    for (const User& person : people) {
        const std::string name = person.display_name.empty() ? person.login : person.display_name;
        if (config_.email && person.email && !person.email->empty() && config_.email_route.Matches(event, group_name)) {
            SLADESK_TRY(enqueue(notify::kEmailChannel, *person.email, person.id, person.language, name));
        }
        if (config_.sms && person.phone && !person.phone->empty() && config_.sms_route.Matches(event, group_name)) {
            SLADESK_TRY(enqueue(notify::kSmsChannel, *person.phone, person.id, person.language, name));
        }
    }
    for (const notify::RobotChannel& robot : config_.robots) {
        if (!robot.route.Matches(event, group_name)) continue;
        SLADESK_TRY(enqueue(robot.ChannelName(), robot.name, std::nullopt, robot.route.language,
                            group_name.value_or(robot.name)));
    }
    return OkStatus();
}

}  // namespace sladesk::service
