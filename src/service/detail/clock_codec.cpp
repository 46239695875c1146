#include "service/detail/clock_codec.hpp"

#include <nlohmann/json.hpp>

namespace sladesk::service::detail {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<UtcTime>& time) {
    if (!time) return nullptr;
    return ToEpochSeconds(*time);
}

std::optional<UtcTime> OptTime(const json& value) {
    if (value.is_null()) return std::nullopt;
    return FromEpochSeconds(value.get<std::int64_t>());
}

sla::ClockKey KeyOf(const json& value) {
    auto key = ParseClockKey(value.get<std::string>());
    if (!key) throw std::invalid_argument(key.error().message());
    return *key;
}

/// Runs `decode` and turns a JSON or key error into kInternal naming `what`.
template <typename Decode>
auto Guarded(const char* what, const std::string& text, Decode decode) -> Result<decltype(decode(json{}))> {
    try {
        return decode(json::parse(text));
    } catch (const std::exception& e) {
        return Error::Internal(std::string("stored ") + what + " are damaged: " + e.what());
    }
}

}  // namespace

Result<sla::ClockKey> ParseClockKey(const std::string& text) {
    const auto first = text.find(':');
    if (first == std::string::npos) return Error::InvalidArgument("clock key '" + text + "' has no target");
    const auto second = text.find(':', first + 1);
    sla::ClockKey key;
    const auto scope = sla::kAgreementKindNames.Parse(std::string_view(text).substr(0, first));
    const auto target = sla::kClockTargetNames.Parse(
        std::string_view(text).substr(first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
    if (!scope || !target) return Error::InvalidArgument("clock key '" + text + "' is not scope:target[:group]");
    key.scope = *scope;
    key.target = *target;
    if (second != std::string::npos) {
        try {
            std::size_t used = 0;
            const std::string group = text.substr(second + 1);
            key.group = GroupId{std::stoll(group, &used)};
            if (used != group.size()) throw std::invalid_argument(group);
        } catch (const std::exception&) {
            return Error::InvalidArgument("clock key '" + text + "' has a bad group id");
        }
    }
    return key;
}

std::string EncodeFigures(std::span<const sla::ClockFigure> figures) {
    json list = json::array();
    for (const sla::ClockFigure& figure : figures) {
        list.push_back({{"key", figure.key.Text()},
                        {"agreement", figure.agreement},
                        {"version", figure.agreement_version},
                        {"calendar", figure.calendar},
                        {"target", figure.target.count()},
                        {"started_at", ToEpochSeconds(figure.started_at)},
                        {"due_at", TimeOrNull(figure.due_at)},
                        {"elapsed", figure.elapsed.count()},
                        {"remaining", figure.remaining.count()},
                        {"percent", figure.percent_used},
                        {"state", std::string(sla::kClockStateNames.Name(figure.state))},
                        {"running", figure.running},
                        {"stopped_at", TimeOrNull(figure.stopped_at)},
                        {"breached_at", TimeOrNull(figure.breached_at)},
                        {"thresholds", figure.thresholds_crossed},
                        {"cycle", figure.cycle},
                        {"breached_cycles", figure.breached_cycles}});
    }
    return list.dump();
}

std::string EncodeSegments(std::span<const sla::ClockSegment> segments) {
    json list = json::array();
    for (const sla::ClockSegment& segment : segments) {
        list.push_back({{"key", segment.key.Text()},
                        {"cycle", segment.cycle},
                        {"from", ToEpochSeconds(segment.from)},
                        {"to", TimeOrNull(segment.to)}});
    }
    return list.dump();
}

std::string EncodeBreaches(std::span<const sla::RecordedBreach> breaches) {
    json list = json::array();
    for (const sla::RecordedBreach& breach : breaches) {
        list.push_back({{"key", breach.key.Text()}, {"cycle", breach.cycle}, {"at", ToEpochSeconds(breach.breached_at)}});
    }
    return list.dump();
}

Result<std::vector<sla::ClockFigure>> DecodeFigures(const std::string& text) {
    return Guarded("clock figures", text, [](const json& list) {
        std::vector<sla::ClockFigure> figures;
        for (const json& item : list) {
            sla::ClockFigure figure;
            figure.key = KeyOf(item.at("key"));
            figure.agreement = item.at("agreement").get<std::string>();
            figure.agreement_version = item.at("version").get<int>();
            figure.calendar = item.at("calendar").get<std::string>();
            figure.target = std::chrono::seconds{item.at("target").get<std::int64_t>()};
            figure.started_at = FromEpochSeconds(item.at("started_at").get<std::int64_t>());
            figure.due_at = OptTime(item.at("due_at"));
            figure.elapsed = std::chrono::seconds{item.at("elapsed").get<std::int64_t>()};
            figure.remaining = std::chrono::seconds{item.at("remaining").get<std::int64_t>()};
            figure.percent_used = item.at("percent").get<double>();
            const auto state = sla::kClockStateNames.Parse(item.at("state").get<std::string>());
            if (!state) throw std::invalid_argument("unknown clock state");
            figure.state = *state;
            // Rows written before the flag existed: a running state is the only one that counts on.
            figure.running = item.contains("running") ? item.at("running").get<bool>() : *state == sla::ClockState::kRunning;
            figure.stopped_at = OptTime(item.at("stopped_at"));
            figure.breached_at = OptTime(item.at("breached_at"));
            figure.thresholds_crossed = item.at("thresholds").get<std::vector<int>>();
            figure.cycle = item.at("cycle").get<int>();
            figure.breached_cycles = item.at("breached_cycles").get<int>();
            figures.push_back(std::move(figure));
        }
        return figures;
    });
}

Result<std::vector<sla::ClockSegment>> DecodeSegments(const std::string& text) {
    return Guarded("clock segments", text, [](const json& list) {
        std::vector<sla::ClockSegment> segments;
        for (const json& item : list) {
            segments.push_back(sla::ClockSegment{KeyOf(item.at("key")), item.at("cycle").get<int>(),
                                                 FromEpochSeconds(item.at("from").get<std::int64_t>()),
                                                 OptTime(item.at("to"))});
        }
        return segments;
    });
}

Result<std::vector<sla::RecordedBreach>> DecodeBreaches(const std::string& text) {
    return Guarded("recorded breaches", text, [](const json& list) {
        std::vector<sla::RecordedBreach> breaches;
        for (const json& item : list) {
            breaches.push_back(sla::RecordedBreach{KeyOf(item.at("key")), item.at("cycle").get<int>(),
                                                   FromEpochSeconds(item.at("at").get<std::int64_t>())});
        }
        return breaches;
    });
}

}  // namespace sladesk::service::detail
