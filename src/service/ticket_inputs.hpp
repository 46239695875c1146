// What callers hand to TicketService: new tickets, changes, articles, and idempotency keys.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/article.hpp"
#include "core/notice.hpp"
#include "core/ticket.hpp"
#include "core/user.hpp"
#include "sla/ticket_clocks.hpp"

namespace sladesk::service {

struct NewAttachment {
    std::string filename;
    std::string content_type;
    std::string data;  // raw bytes
};

struct NewTicket {
    std::string title;
    std::string description;  // becomes the first public article
    TicketKind kind = TicketKind::kIncident;
    Channel channel = Channel::kWeb;
    std::optional<ServiceId> service_id;
    std::optional<CategoryId> category_id;
    std::optional<std::string> impact;   // default: the middle impact of the matrix
    std::optional<std::string> urgency;  // default: the middle urgency of the matrix
    std::optional<UserId> customer_id;   // staff logging a call or walk-in; customers always file for themselves
    std::optional<GroupId> group_id;     // default: the service's owner group
    std::vector<std::string> tags;
    std::vector<NewAttachment> attachments;
};

/// A partial change; absent fields stay as they are. `group`/`assignee` hold nullopt inside to clear them.
struct TicketPatch {
    std::optional<std::string> title;
    std::optional<TicketStatus> status;
    std::optional<TicketKind> kind;
    std::optional<std::string> impact;
    std::optional<std::string> urgency;
    std::optional<int> priority;  // a manual override of the matrix
    std::optional<std::optional<GroupId>> group;
    std::optional<std::optional<UserId>> assignee;
    std::optional<std::optional<ServiceId>> service;
    std::optional<std::optional<CategoryId>> category;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::int64_t> expected_version;  // If-Match; a stale one fails with kPreconditionFailed
};

struct NewArticle {
    std::string body;
    bool internal = false;
    Channel channel = Channel::kWeb;
    std::vector<NewAttachment> attachments;
};

/// An Idempotency-Key and a digest of the request it came with.
struct IdempotencyKey {
    std::string key;
    std::string request_hash;
};

/// A created resource; `replayed` when an earlier request with the same Idempotency-Key created it.
template <typename T>
struct Created {
    T value;
    bool replayed = false;
};

/// What a ticket's reader sees of its problem notice. Customers get the published statement only (`notice` unset).
struct TicketNotice {
    std::optional<Notice> notice;                  // staff only
    std::string statement;                         // the published statement; empty until one is published
    std::optional<UtcTime> statement_published_at;
};

/// A ticket with what a reader sees of it.
struct TicketView {
    Ticket ticket;
    std::vector<Article> articles;
    std::vector<TicketLink> links;
    std::vector<sla::ClockFigure> clocks;  // as they stand at the read; customers see the SLA's only
    std::optional<TicketNotice> notice;    // unset: no notice (for customers: none with a published statement)
};

}  // namespace sladesk::service
