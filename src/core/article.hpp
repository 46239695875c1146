// Articles (public replies and internal notes) and their attachments.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/ticket.hpp"
#include "core/utc_time.hpp"

namespace sladesk {

/// File metadata; the bytes live under the data directory, named by `sha256`.
struct Attachment {
    AttachmentId id;
    TicketId ticket_id;
    ArticleId article_id;
    std::string filename;
    std::string content_type;
    std::int64_t size = 0;
    std::string sha256;  // lowercase hex of the content
    UtcTime created_at;
};

struct Article {
    ArticleId id;
    TicketId ticket_id;
    UserId author_id;
    bool internal = false;  // an internal note: never shown to customers
    Channel channel = Channel::kWeb;
    std::string body;
    UtcTime created_at;
    std::vector<Attachment> attachments;
};

struct CannedResponse {
    CannedResponseId id;
    std::string name;
    std::string language;
    std::string body;  // may hold {{variables}}, see rules/canned_response.hpp
};

}  // namespace sladesk
