#include "service/detail/clock_codec.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <type_traits>

#include "core/json_writer.hpp"

namespace sladesk::service::detail {
namespace {

using nlohmann::json;

void EpochOrNull(JsonWriter& out, const std::optional<UtcTime>& time) {
    if (time) {
        out.Int(ToEpochSeconds(*time));
    } else {
        out.Null();
    }
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
auto Guarded(const char* what, std::string_view text, Decode decode) -> Result<decltype(decode(json{}))> {
    try {
        return decode(json::parse(text));
    } catch (const std::exception& e) {
        return Error::Internal(std::string("stored ") + what + " are damaged: " + e.what());
    }
}

/// A forward-only reader of the figures JSON as EncodeFigures writes it, read on every ticket read. Every method
/// returns false on anything it does not expect (escapes, unknown members, non-integers...); DecodeFigures then
/// hands the text to the DOM decoder, so the result and the errors are the same either way.
class FigureReader {
 public:
    explicit FigureReader(std::string_view text) : text_(text) {}

    bool Read(std::vector<sla::ClockFigure>& figures) {
        if (!Take('[')) return false;
        if (Peek(']')) return Take(']') && AtEnd();
        do {
            sla::ClockFigure& figure = figures.emplace_back();
            if (!Figure(figure)) return false;
        } while (Take(','));
        return Take(']') && AtEnd();
    }

 private:
    // Members every figure must have ("running" may be missing: rows written before it existed).
    enum Member : unsigned {
        kKey = 1u << 0, kAgreement = 1u << 1, kVersion = 1u << 2, kCalendar = 1u << 3, kTarget = 1u << 4,
        kStartedAt = 1u << 5, kDueAt = 1u << 6, kElapsed = 1u << 7, kRemaining = 1u << 8, kPercent = 1u << 9,
        kState = 1u << 10, kStoppedAt = 1u << 11, kBreachedAt = 1u << 12, kThresholds = 1u << 13,
        kCycle = 1u << 14, kBreachedCycles = 1u << 15, kAll = (1u << 16) - 1, kRunning = 1u << 16,
    };

    bool Figure(sla::ClockFigure& figure) {
        if (!Take('{')) return false;
        unsigned seen = 0;
        do {
            std::string_view name;
            if (!String(name) || !Take(':') || !Member(name, figure, seen)) return false;
        } while (Take(','));
        if (!Take('}') || (seen & kAll) != kAll) return false;
        if ((seen & kRunning) == 0) figure.running = figure.state == sla::ClockState::kRunning;
        return true;
    }

    static bool Mark(unsigned& seen, unsigned member) {
        seen |= member;
        return true;
    }

    bool Member(std::string_view name, sla::ClockFigure& figure, unsigned& seen) {
        std::string_view text;
        std::int64_t number = 0;
        if (name == "key") {
            if (!Mark(seen, kKey) || !String(text)) return false;
            auto key = ParseClockKey(std::string(text));
            if (!key) return false;
            figure.key = *key;
            return true;
        }
        if (name == "agreement" || name == "calendar") {
            if (!Mark(seen, name == "agreement" ? kAgreement : kCalendar) || !String(text)) return false;
            (name == "agreement" ? figure.agreement : figure.calendar).assign(text);
            return true;
        }
        if (name == "state") {
            if (!Mark(seen, kState) || !String(text)) return false;
            const auto state = sla::kClockStateNames.Parse(text);
            if (!state) return false;
            figure.state = *state;
            return true;
        }
        if (name == "version") return Mark(seen, kVersion) && SmallInt(figure.agreement_version);
        if (name == "cycle") return Mark(seen, kCycle) && SmallInt(figure.cycle);
        if (name == "breached_cycles") return Mark(seen, kBreachedCycles) && SmallInt(figure.breached_cycles);
        if (name == "target") return Mark(seen, kTarget) && Seconds(figure.target);
        if (name == "elapsed") return Mark(seen, kElapsed) && Seconds(figure.elapsed);
        if (name == "remaining") return Mark(seen, kRemaining) && Seconds(figure.remaining);
        if (name == "started_at") {
            if (!Mark(seen, kStartedAt) || !Int(number)) return false;
            figure.started_at = FromEpochSeconds(number);
            return true;
        }
        if (name == "due_at") return Mark(seen, kDueAt) && OptTime(figure.due_at);
        if (name == "stopped_at") return Mark(seen, kStoppedAt) && OptTime(figure.stopped_at);
        if (name == "breached_at") return Mark(seen, kBreachedAt) && OptTime(figure.breached_at);
        if (name == "percent") return Mark(seen, kPercent) && Double(figure.percent_used);
        if (name == "running") return Mark(seen, kRunning) && Bool(figure.running);
        if (name == "thresholds") {
            Mark(seen, kThresholds);
            figure.thresholds_crossed.clear();
            if (!Take('[')) return false;
            if (Take(']')) return true;
            do {
                if (!SmallInt(figure.thresholds_crossed.emplace_back())) return false;
            } while (Take(','));
            return Take(']');
        }
        return false;
    }

    void SkipSpace() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' || text_[at_] == '\r' || text_[at_] == '\t')) {
            ++at_;
        }
    }
    bool Peek(char c) {
        SkipSpace();
        return at_ < text_.size() && text_[at_] == c;
    }
    bool Take(char c) {
        if (!Peek(c)) return false;
        ++at_;
        return true;
    }
    bool AtEnd() {
        SkipSpace();
        return at_ == text_.size();
    }
    bool Word(std::string_view word) {
        SkipSpace();
        if (text_.substr(at_, word.size()) != word) return false;
        at_ += word.size();
        return true;
    }
    /// A string without escapes (those go to the DOM decoder), as a view into the text.
    bool String(std::string_view& out) {
        if (!Take('"')) return false;
        const std::size_t end = text_.find_first_of("\"\\", at_);
        if (end == std::string_view::npos || text_[end] != '"') return false;
        out = text_.substr(at_, end - at_);
        at_ = end + 1;
        return true;
    }
    template <typename Number>
    bool Parse(Number& out) {
        SkipSpace();
        const char* first = text_.data() + at_;
        const char* last = text_.data() + text_.size();
        const auto [end, error] = std::from_chars(first, last, out);
        if (error != std::errc{} || end == first) return false;
        // An integer member written as 1.0 or 1e3 is the DOM decoder's to judge.
        if constexpr (std::is_integral_v<Number>) {
            if (end != last && (*end == '.' || *end == 'e' || *end == 'E')) return false;
        }
        at_ += static_cast<std::size_t>(end - first);
        return true;
    }
    bool Int(std::int64_t& out) { return Parse(out); }
    bool Seconds(std::chrono::seconds& out) {
        std::int64_t count = 0;
        if (!Parse(count)) return false;
        out = std::chrono::seconds{count};
        return true;
    }
    bool SmallInt(int& out) { return Parse(out); }
    bool Double(double& out) { return Parse(out); }
    bool Bool(bool& out) {
        if (Word("true")) {
            out = true;
            return true;
        }
        out = false;
        return Word("false");
    }
    bool OptTime(std::optional<UtcTime>& out) {
        if (Word("null")) {
            out.reset();
            return true;
        }
        std::int64_t seconds = 0;
        if (!Int(seconds)) return false;
        out = FromEpochSeconds(seconds);
        return true;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

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

// Members are written in name order, as nlohmann::json (std::map) writes them: rows written before this encoder
// existed are byte for byte the same.

std::string EncodeFigures(std::span<const sla::ClockFigure> figures) {
    std::string text;
    JsonWriter out(text);
    out.BeginArray();
    for (const sla::ClockFigure& figure : figures) {
        out.BeginObject();
        out.Key("agreement").String(figure.agreement);
        out.Key("breached_at");
        EpochOrNull(out, figure.breached_at);
        out.Key("breached_cycles").Int(figure.breached_cycles);
        out.Key("calendar").String(figure.calendar);
        out.Key("cycle").Int(figure.cycle);
        out.Key("due_at");
        EpochOrNull(out, figure.due_at);
        out.Key("elapsed").Int(figure.elapsed.count());
        out.Key("key").String(figure.key.Text());
        out.Key("percent").Double(figure.percent_used);
        out.Key("remaining").Int(figure.remaining.count());
        out.Key("running").Bool(figure.running);
        out.Key("started_at").Int(ToEpochSeconds(figure.started_at));
        out.Key("state").String(sla::kClockStateNames.Name(figure.state));
        out.Key("stopped_at");
        EpochOrNull(out, figure.stopped_at);
        out.Key("target").Int(figure.target.count());
        out.Key("thresholds").BeginArray();
        for (int threshold : figure.thresholds_crossed) out.Int(threshold);
        out.EndArray();
        out.Key("version").Int(figure.agreement_version);
        out.EndObject();
    }
    out.EndArray();
    return text;
}

std::string EncodeSegments(std::span<const sla::ClockSegment> segments) {
    std::string text;
    JsonWriter out(text);
    out.BeginArray();
    for (const sla::ClockSegment& segment : segments) {
        out.BeginObject();
        out.Key("cycle").Int(segment.cycle);
        out.Key("from").Int(ToEpochSeconds(segment.from));
        out.Key("key").String(segment.key.Text());
        out.Key("to");
        EpochOrNull(out, segment.to);
        out.EndObject();
    }
    out.EndArray();
    return text;
}

std::string EncodeBreaches(std::span<const sla::RecordedBreach> breaches) {
    std::string text;
    JsonWriter out(text);
    out.BeginArray();
    for (const sla::RecordedBreach& breach : breaches) {
        out.BeginObject();
        out.Key("at").Int(ToEpochSeconds(breach.breached_at));
        out.Key("cycle").Int(breach.cycle);
        out.Key("key").String(breach.key.Text());
        out.EndObject();
    }
    out.EndArray();
    return text;
}

Result<std::vector<sla::ClockFigure>> DecodeFigures(std::string_view text) {
    std::vector<sla::ClockFigure> read;
    read.reserve(4);
    if (FigureReader(text).Read(read)) return read;
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
