// Canned responses (标准用语): text with {{variables}} filled from the ticket and the people on it. Pure.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace sladesk::rules {

/// Replaces each {{name}} (spaces inside the braces allowed) with variables[name]. kInvalidArgument naming the
/// variable if one is unknown or a brace pair is unclosed, so an agent never sends "{{customer.nmae}}".
Result<std::string> RenderCannedResponse(std::string_view body, const std::map<std::string, std::string>& variables);

}  // namespace sladesk::rules
