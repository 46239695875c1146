#include "rules/canned_response.hpp"

namespace sladesk::rules {
namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

}  // namespace

Result<std::string> RenderCannedResponse(std::string_view body, const std::map<std::string, std::string>& variables) {
    std::string out;
    out.reserve(body.size());
    std::size_t position = 0;
    while (position < body.size()) {
        const std::size_t open = body.find("{{", position);
        if (open == std::string_view::npos) {
            out.append(body.substr(position));
            break;
        }
        out.append(body.substr(position, open - position));
        const std::size_t close = body.find("}}", open + 2);
        if (close == std::string_view::npos) return Error::InvalidArgument("unclosed {{ at offset " + std::to_string(open));
        const std::string name(Trim(body.substr(open + 2, close - open - 2)));
        auto value = variables.find(name);
        if (value == variables.end()) return Error::InvalidArgument("unknown variable {{" + name + "}}");
        out.append(value->second);
        position = close + 2;
    }
    return out;
}

}  // namespace sladesk::rules
