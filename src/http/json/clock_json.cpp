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

void Write(JsonWriter& out, std::span<const sla::ClockFigure> figures) {
    out.BeginArray();
    for (const sla::ClockFigure& figure : figures) {
        // Keys in std::map order, as ToJson(figure).dump() writes them.
        out.BeginObject();
        out.Key("agreement").String(figure.agreement);
        out.Key("agreement_version").Int(figure.agreement_version);
        out.Key("breached_at").Time(figure.breached_at);
        out.Key("breached_cycles").Int(figure.breached_cycles);
        out.Key("calendar").String(figure.calendar);
        out.Key("cycle").Int(figure.cycle);
        out.Key("due_at").Time(figure.due_at);
        out.Key("elapsed_seconds").Int(figure.elapsed.count());
        out.Key("group").Id(figure.key.group);
        out.Key("percent_used").Double(figure.percent_used);
        out.Key("remaining_seconds").Int(figure.remaining.count());
        out.Key("scope").String(sla::kAgreementKindNames.Name(figure.key.scope));
        out.Key("started_at").Time(figure.started_at);
        out.Key("state").String(sla::kClockStateNames.Name(figure.state));
        out.Key("stopped_at").Time(figure.stopped_at);
        out.Key("target").String(sla::kClockTargetNames.Name(figure.key.target));
        out.Key("target_seconds").Int(figure.target.count());
        out.Key("thresholds_crossed").BeginArray();
        for (int threshold : figure.thresholds_crossed) out.Int(threshold);
        out.EndArray();
        out.EndObject();
    }
    out.EndArray();
}

}  // namespace sladesk::http::json
