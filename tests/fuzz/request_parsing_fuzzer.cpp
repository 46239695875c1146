// libFuzzer target for request parsing: every JSON body parser of the HTTP API and the policy YAML parser get the
// same arbitrary bytes. Each must return a Result (a value or an Error with a message); a crash, a sanitizer report
// or an escaping exception is a finding. Built only with -DSLADESK_FUZZ=ON under clang (see scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <string>

#include "http/json/directory_json.hpp"
#include "http/json/ticket_json.hpp"
#include "service/policy_document.hpp"

namespace {

/// Touches what a handler would touch: the value on success, the message on failure.
template <typename T, typename OnValue>
void Consume(const sladesk::Result<T>& result, OnValue on_value) {
    if (result) {
        on_value(*result);
    } else {
        volatile std::size_t length = result.error().message().size();
        (void)length;
    }
}

template <typename T>
void ConsumePlain(const sladesk::Result<T>& result) {
    Consume(result, [](const T&) {});
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace json = sladesk::http::json;
    const std::string body(reinterpret_cast<const char*>(data), size);

    Consume(json::ParseNewTicket(body), [](const sladesk::service::NewTicket& ticket) {
        volatile std::size_t length = ticket.title.size() + ticket.description.size() + ticket.tags.size();
        (void)length;
    });
    ConsumePlain(json::ParseTicketPatch(body));
    ConsumePlain(json::ParseNewArticle(body));
    ConsumePlain(json::ParseTicketLink(body));
    ConsumePlain(json::ParseReason(body));
    ConsumePlain(json::ParseLogin(body));
    ConsumePlain(json::ParseNewUser(body));
    ConsumePlain(json::ParseTokenName(body));
    Consume(sladesk::service::ParsePolicyDocument(body), [](const sladesk::service::PolicyDocument& document) {
        volatile std::size_t count = document.groups.size() + document.services.size() + document.categories.size();
        (void)count;
    });
    return 0;
}
