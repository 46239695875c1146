#include "http/json/clock_json.hpp"

namespace sladesk::http::json {
namespace {

nlohmann::json TimeOrNull(const std::optional<UtcTime>& time) {
    return time ? nlohmann::json(FormatIso8601(*time)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json ToJson(const sla::ClockFigure& figure) {
    return {
        {"target", sla::kClockTargetNames.Name(figure.key.target)},
        {"scope", sla::kAgreementKindNames.Name(figure.key.scope)},
        {"group", figure.key.group ? nlohmann::json(figure.key.group->value) : nlohmann::json(nullptr)},
        {"agreement", figure.agreement},
        {"agreement_version", figure.agreement_version},
        {"calendar", figure.calendar},
        {"due_at", TimeOrNull(figure.due_at)},
        {"state", sla::kClockStateNames.Name(figure.state)},
        {"target_seconds", figure.target.count()},
        {"elapsed_seconds", figure.elapsed.count()},
        {"remaining_seconds", figure.remaining.count()},
        {"percent_used", figure.percent_used},
        {"thresholds_crossed", figure.thresholds_crossed},
        {"started_at", FormatIso8601(figure.started_at)},
        {"stopped_at", TimeOrNull(figure.stopped_at)},
        {"breached_at", TimeOrNull(figure.breached_at)},
        {"cycle", figure.cycle},
        {"breached_cycles", figure.breached_cycles},
    };
}

nlohmann::json ToJson(std::span<const sla::ClockFigure> figures) {
    nlohmann::json list = nlohmann::json::array();
    for (const sla::ClockFigure& figure : figures) list.push_back(ToJson(figure));
    return list;
}

}  // namespace sladesk::http::json
