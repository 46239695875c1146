#include "service/notification_service.hpp"

#include <date/tz.h>

#include <algorithm>
#include <functional>

#include <nlohmann/json.hpp>

#include "service/notification_preferences.hpp"
#include "service/passwords.hpp"
#include "sla/work_duration.hpp"
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

/// The variables every ticket message has (ticket.*, customer.*) and the ticket's group name.
struct TicketContext {
    Variables variables;
    std::optional<std::string> group_name;
};

Result<TicketContext> ContextOf(store::SqlConnection& db, const Ticket& ticket, const std::string& public_url) {
    SLADESK_ASSIGN_OR_RETURN(User customer, store::DirectoryRepo::GetUser(db, ticket.customer_id));
    std::string organisation = "-";
    if (ticket.organisation_id) {
        SLADESK_ASSIGN_OR_RETURN(auto organisations, store::DirectoryRepo::ListOrganisations(db));
        for (const auto& each : organisations) {
            if (each.id == *ticket.organisation_id) organisation = each.name;
        }
    }
    TicketContext context;
    if (ticket.group_id) {
        SLADESK_ASSIGN_OR_RETURN(Group group, store::DirectoryRepo::GetGroup(db, *ticket.group_id));
        context.group_name = group.name;
    }
    context.variables = {
        {"ticket.id", std::to_string(ticket.id.value)},
        {"ticket.title", ticket.title},
        {"ticket.priority", std::to_string(ticket.priority)},
        {"ticket.status", std::string(kTicketStatusNames.Name(ticket.status))},
        {"ticket.group", context.group_name.value_or("-")},
        {"ticket.url", public_url.empty() ? std::string() : public_url + "/tickets/" + std::to_string(ticket.id.value)},
        {"customer.name", customer.display_name},
        {"customer.organisation", organisation},
    };
    return context;
}

/// One message to send: channel, address, the person (none for robots) and the language and name to render with.
struct Delivery {
    std::string channel;
    std::string recipient;
    std::optional<UserId> user;
    std::string language;
    std::string recipient_name;
    UtcTime not_before{};  // the outbox row's first attempt: the person's next working minute, or now
};

/// Renders `event` for `delivery` and enqueues it under the key `key_base` + channel + person (or robot).
Status EnqueueRendered(store::SqlConnection& db, const notify::TemplateSet& templates, const std::string& event,
                       const std::string& key_base, const Delivery& delivery, TicketId ticket, Variables vars,
                       bool urgent, UtcTime now) {
    SLADESK_ASSIGN_OR_RETURN(notify::RenderedMessage rendered, templates.Render(event, delivery.language, vars));
    store::OutboxMessage message;
    message.dedup_key = key_base + delivery.channel + "|" +
                        (delivery.user ? "u" + std::to_string(delivery.user->value) : delivery.recipient);
    message.message_uid = MessageUidFor(message.dedup_key);
    message.event = event;
    message.channel = delivery.channel;
    message.recipient = delivery.recipient;
    message.user_id = delivery.user;
    message.ticket_id = ticket;
    message.language = rendered.language;
    message.subject = std::move(rendered.subject);
    message.body_text = std::move(rendered.text);
    message.body_html = std::move(rendered.html);
    message.data = nlohmann::json(vars).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    message.urgent = urgent;
    message.next_attempt_at = std::max(delivery.not_before, now);
    message.created_at = now;
    SLADESK_TRY(store::OutboxRepo::Enqueue(db, message));
    return OkStatus();
}

/// What ForEachDelivery needs to know about the message besides its recipients.
struct Occasion {
    std::string event;
    std::optional<std::string> group_name;  // the ticket's group, for routes
    bool urgent = false;                    // reaches people at once, outside their working hours too
    UtcTime now{};
};

/// Calls `send` for each message of the occasion: e-mail and SMS to each of `people` with an address whose route
/// takes the event and whose preferences (read from `db`; hours from the calendars in `book`) want the event on
/// that channel — not before their next working minute unless urgent — and to each robot or webhook whose route
/// takes the event for the ticket's group.
Status ForEachDelivery(store::SqlConnection& db, const notify::NotifyConfig& config, const sla::AgreementBook& book,
                       const Occasion& occasion, std::span<const User> people,
                       const std::function<Status(const Delivery&)>& send) {
    const std::string& event = occasion.event;
    for (const User& person : people) {
        const std::string name = person.display_name.empty() ? person.login : person.display_name;
        SLADESK_ASSIGN_OR_RETURN(const rules::NotificationPreferences preferences, LoadPreferences(db, person.id));
        // A calendar removed from the policy since the person chose it: any time, rather than never.
        const sla::Calendar* hours = preferences.calendar ? book.FindCalendar(*preferences.calendar) : nullptr;
        const auto when = [&](const char* channel) {
            return rules::DeliveryTime(preferences, event, channel, occasion.urgent, hours, occasion.now);
        };
        if (config.email && person.email && !person.email->empty() &&
            config.email_route.Matches(event, occasion.group_name)) {
            if (const auto at = when(notify::kEmailChannel)) {
                SLADESK_TRY(send({notify::kEmailChannel, *person.email, person.id, person.language, name, *at}));
            }
        }
        if (config.sms && person.phone && !person.phone->empty() &&
            config.sms_route.Matches(event, occasion.group_name)) {
            if (const auto at = when(notify::kSmsChannel)) {
                SLADESK_TRY(send({notify::kSmsChannel, *person.phone, person.id, person.language, name, *at}));
            }
        }
    }
    for (const notify::RobotChannel& robot : config.robots) {
        if (!robot.route.Matches(event, occasion.group_name)) continue;
        SLADESK_TRY(send({robot.ChannelName(), robot.name, std::nullopt, robot.route.language,
                          occasion.group_name.value_or(robot.name), occasion.now}));
    }
    return OkStatus();
}

}  // namespace

std::string MessageUidFor(const std::string& dedup_key) { return Sha256Hex(dedup_key).substr(0, 32); }

Status NotificationService::OnSlaEvent(store::SqlConnection& db, const PolicyInForce& policy, const Ticket& ticket,
                                       const store::DueJob& job, const sla::ClockEvaluation& evaluation,
                                       UtcTime now) const {
    const std::string& event = job.kind;
    const auto [clock, threshold] = SplitJobKey(job.job_key);
    const sla::ClockFigure* figure = nullptr;
    for (const auto& each : evaluation.figures) {
        if (each.key.Text() == clock) figure = &each;
    }
    if (figure == nullptr) return OkStatus();  // the clock is gone; nothing to say

    SLADESK_ASSIGN_OR_RETURN(TicketContext context, ContextOf(db, ticket, config_.public_url));
    const std::optional<std::string>& group_name = context.group_name;
    Variables variables = context.variables;
    variables.insert({
        {"sla.clock", clock},
        {"sla.threshold", job.kind == "sla_breach" ? std::string("100") : threshold},
        {"sla.agreement", figure->agreement},
        {"sla.due_at", figure->due_at ? FormatIso8601(*figure->due_at) : std::string("-")},
        {"sla.due_local", LocalTime(figure->due_at, config_.timezone)},
    });
    const std::string key_base = event + "|t" + std::to_string(ticket.id.value) + "|" + job.job_key + "@" +
                                 FormatIso8601(job.due_at) + "|";
    const auto enqueue = [&](const Delivery& delivery) -> Status {
        Variables vars = variables;
        vars["recipient.name"] = delivery.recipient_name;
        vars["sla.target"] = TargetName(figure->key, templates_.ResolveLanguage(delivery.language));
        return EnqueueRendered(db, templates_, event, key_base, delivery, ticket.id, std::move(vars),
                               event == "sla_breach", now);
    };
    SLADESK_ASSIGN_OR_RETURN(std::vector<User> people, PeopleFor(db, ticket));
    return ForEachDelivery(db, config_, policy.book, {event, group_name, event == "sla_breach", now}, people, enqueue);
}

std::string EscalationTriggerText(const rules::EscalationTrigger& trigger, const std::string& language) {
    const bool zh = language.rfind("zh", 0) == 0;
    const std::string target = TargetName(sla::ClockKey{sla::AgreementKind::kSla, trigger.target, std::nullopt},
                                          zh ? "zh-CN" : "en");
    const std::string after = sla::FormatWorkDuration(trigger.after);
    switch (trigger.kind) {
        case rules::TriggerKind::kWorkingTime:
            return zh ? "受理后已过 " + after + " 工作时间" : after + " of working time since opening";
        case rules::TriggerKind::kPercentUsed: {
            const std::string percent = std::to_string(trigger.percent) + "%";
            return zh ? target + "时限已用 " + percent : percent + " of " + target + " used";
        }
        case rules::TriggerKind::kBreach: return zh ? target + "已超时" : target + " breached";
        case rules::TriggerKind::kNoAcknowledgement:
            return zh ? after + " 工作时间内未受理" : "not acknowledged within " + after;
    }
    return "";
}

Status NotificationService::OnEscalationStep(store::SqlConnection& db, const PolicyInForce& policy,
                                             const Ticket& ticket, const rules::EscalationLadder& ladder,
                                             const rules::EscalationStep& step,
                                             std::span<const EscalationRecipient> recipients,
                                             const sla::ClockEvaluation& evaluation, UtcTime now) const {
    const std::string event = kEscalationEvent;
    // The clock the step watches: its own target for percent/breach triggers, resolution for time triggers.
    const bool watches_target = step.trigger.kind == rules::TriggerKind::kPercentUsed ||
                                step.trigger.kind == rules::TriggerKind::kBreach;
    const sla::ClockKey watched{sla::AgreementKind::kSla,
                                watches_target ? step.trigger.target : sla::ClockTarget::kResolution, std::nullopt};
    const sla::ClockFigure* figure = nullptr;
    for (const auto& each : evaluation.figures) {
        if (each.key == watched) figure = &each;
    }
    SLADESK_ASSIGN_OR_RETURN(TicketContext context, ContextOf(db, ticket, config_.public_url));
    Variables variables = context.variables;
    variables.insert({
        {"escalation.ladder", ladder.name},
        {"escalation.step", step.name},
        {"sla.agreement", figure ? figure->agreement : std::string("-")},
        {"sla.due_at", figure && figure->due_at ? FormatIso8601(*figure->due_at) : std::string("-")},
        {"sla.due_local", figure ? LocalTime(figure->due_at, config_.timezone) : std::string("-")},
    });
    // Why each person is told, by user id (the first action naming them wins; robots get the step only).
    std::map<std::int64_t, rules::EscalationAction> reasons;
    std::vector<User> people;
    for (const EscalationRecipient& recipient : recipients) {
        if (reasons.emplace(recipient.person.id.value, recipient.reason).second) people.push_back(recipient.person);
    }
    std::map<std::int64_t, std::string> group_names;
    for (const auto& [user, action] : reasons) {
        if (action.kind != rules::ActionKind::kNotifyOnCall || !action.group) continue;
        SLADESK_ASSIGN_OR_RETURN(Group group, store::DirectoryRepo::GetGroup(db, *action.group));
        group_names[action.group->value] = group.name;
    }
    const auto reason_text = [&](const std::optional<UserId>& user, bool zh) -> std::string {
        if (!user) return zh ? "处理组的通知渠道" : "the group's notification channel";
        const rules::EscalationAction& action = reasons.at(user->value);
        switch (action.kind) {
            case rules::ActionKind::kNotifyRole: {
                const std::string role(kRoleNames.Name(action.role));
                return zh ? "角色 " + role + " 的成员" : "a member of role " + role;
            }
            case rules::ActionKind::kNotifyOnCall: {
                const std::string group = action.group ? group_names[action.group->value] : std::string("-");
                return zh ? "「" + group + "」的值班人员" : "the on-call person of " + group;
            }
            case rules::ActionKind::kNotifyAccountManager:
                return zh ? "客户的客户经理" : "the customer's account manager";
            case rules::ActionKind::kNotifyPerson:
            case rules::ActionKind::kReassign:
            case rules::ActionKind::kRaisePriority: break;
        }
        return zh ? "升级阶梯指定的人员" : "the person the ladder names";
    };
    const std::string key_base =
        event + "|t" + std::to_string(ticket.id.value) + "|" + rules::StepRecord(ladder, step) + "|";
    const bool urgent = step.urgent || step.trigger.kind == rules::TriggerKind::kBreach;
    const auto enqueue = [&](const Delivery& delivery) -> Status {
        const std::string language = templates_.ResolveLanguage(delivery.language);
        const bool zh = language.rfind("zh", 0) == 0;
        Variables vars = variables;
        vars["recipient.name"] = delivery.recipient_name;
        vars["escalation.trigger"] = EscalationTriggerText(step.trigger, language);
        vars["escalation.reason"] = reason_text(delivery.user, zh);
        vars["sla.target"] = figure ? TargetName(figure->key, language) : std::string("-");
        return EnqueueRendered(db, templates_, event, key_base, delivery, ticket.id, std::move(vars), urgent, now);
    };
    return ForEachDelivery(db, config_, policy.book, {event, context.group_name, urgent, now}, people, enqueue);
}

}  // namespace sladesk::service
