// The pure parts of ClockKeeper: the timeline read from history, what one evaluation stores, the JSON codec.
#include "service/clock_keeper.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "service/detail/clock_codec.hpp"

namespace sladesk::service {
namespace {

using Kind = sla::TimelineEvent::Kind;

UtcTime At(std::int64_t seconds) { return FromEpochSeconds(1737968400 + seconds); }

store::ClockHistoryRow Row(std::int64_t at, std::string field, std::optional<std::string> old_value,
                           std::optional<std::string> new_value, std::optional<Role> role) {
    return {At(at), std::move(field), std::move(old_value), std::move(new_value), role};
}

TEST(TimelineFromHistoryTest, MapsStatusGroupAndMessagesByWhoWroteThem) {
    const std::vector<store::ClockHistoryRow> rows = {
        Row(0, "created", std::nullopt, "new", Role::kCustomer),
        Row(60, "reply", std::nullopt, "2", Role::kAgent),
        Row(120, "group", "3", "7", Role::kAgent),
        Row(180, "status", "new", "pending_customer", Role::kAgent),
        Row(240, "reply", std::nullopt, "3", Role::kCustomer),
        Row(240, "status", "pending_customer", "in_progress", Role::kCustomer),
        Row(300, "reply", std::nullopt, "4", std::nullopt),  // the system never counts as a reply
        Row(360, "status", "in_progress", "resolved", Role::kAgent),
        Row(420, "status", "resolved", "in_progress", Role::kCustomer),
        Row(420, "reopened", std::nullopt, "resolution rejected", Role::kCustomer),
    };
    const auto timeline = TimelineFromHistory(rows, GroupId{7});
    ASSERT_EQ(timeline.size(), 9u);
    EXPECT_EQ(timeline[0].kind, Kind::kCreated);
    EXPECT_EQ(timeline[0].group, GroupId{3});  // the group before the first change, not today's
    EXPECT_EQ(timeline[1].kind, Kind::kAgentReply);
    EXPECT_EQ(timeline[2].kind, Kind::kGroup);
    EXPECT_EQ(timeline[2].group, GroupId{7});
    EXPECT_EQ(timeline[3].status, TicketStatus::kPendingCustomer);
    EXPECT_EQ(timeline[4].kind, Kind::kCustomerMessage);
    EXPECT_EQ(timeline[5].status, TicketStatus::kInProgress);
    EXPECT_EQ(timeline[6].status, TicketStatus::kResolved);
    EXPECT_EQ(timeline[7].status, TicketStatus::kInProgress);
    EXPECT_EQ(timeline[8].kind, Kind::kCustomerMessage);  // the reopen reason awaits an update
}

TEST(TimelineFromHistoryTest, AGroupThatNeverChangedIsTodaysGroupFromTheStart) {
    const std::vector<store::ClockHistoryRow> rows = {Row(0, "created", std::nullopt, "new", Role::kAgent)};
    const auto timeline = TimelineFromHistory(rows, GroupId{4});
    ASSERT_EQ(timeline.size(), 1u);
    EXPECT_EQ(timeline[0].group, GroupId{4});
    EXPECT_TRUE(TimelineFromHistory({}, std::nullopt).empty());
}

TEST(RecordOfTest, StoresTheEarliestRunningSlaDeadlineTheBreachesAndOnlyTheNextJob) {
    sla::ClockEvaluation evaluation;
    sla::ClockFigure response;
    response.key = {sla::AgreementKind::kSla, sla::ClockTarget::kFirstResponse, std::nullopt};
    response.state = sla::ClockState::kBreached;
    response.breached_at = At(900);
    sla::ClockFigure resolution;
    resolution.key = {sla::AgreementKind::kSla, sla::ClockTarget::kResolution, std::nullopt};
    resolution.state = sla::ClockState::kRunning;
    resolution.due_at = At(14400);
    sla::ClockFigure ola;
    ola.key = {sla::AgreementKind::kOla, sla::ClockTarget::kResolution, GroupId{3}};
    ola.state = sla::ClockState::kRunning;
    ola.due_at = At(600);  // earlier, but not the SLA's: next_due_at follows the customer's promise
    evaluation.figures = {response, resolution, ola};
    evaluation.jobs = {{resolution.key, sla::PlannedJob::Kind::kWarning, 75, At(10800)},
                       {ola.key, sla::PlannedJob::Kind::kBreach, 100, At(600)}};
    const ClockRecord record = RecordOf(TicketId{5}, evaluation, 3, At(60));
    EXPECT_EQ(record.row.ticket_id, TicketId{5});
    EXPECT_EQ(record.row.policy_revision, 3);
    EXPECT_EQ(record.row.next_due_at, At(14400));
    EXPECT_TRUE(record.row.breached);
    ASSERT_TRUE(record.next_job);
    EXPECT_EQ(record.next_job->kind, kSlaBreachJob);
    EXPECT_EQ(record.next_job->job_key, "ola:resolution:3:100");
    EXPECT_EQ(record.next_job->due_at, At(600));
    auto breaches = detail::DecodeBreaches(record.row.breaches_json);
    ASSERT_TRUE(breaches);
    ASSERT_EQ(breaches->size(), 1u);
    EXPECT_EQ((*breaches)[0].breached_at, At(900));
    EXPECT_FALSE(RecordOf(TicketId{5}, {}, 3, At(60)).next_job);
}

TEST(ClockCodecTest, FiguresAndSegmentsRoundTrip) {
    sla::ClockFigure figure;
    figure.key = {sla::AgreementKind::kUc, sla::ClockTarget::kResolution, GroupId{12}};
    figure.agreement = "支付通道";
    figure.agreement_version = 2;
    figure.calendar = "24x7";
    figure.target = std::chrono::hours{2};
    figure.started_at = At(0);
    figure.due_at = At(7200);
    figure.elapsed = std::chrono::minutes{90};
    figure.remaining = std::chrono::minutes{30};
    figure.percent_used = 75;
    figure.state = sla::ClockState::kRunning;
    figure.thresholds_crossed = {75};
    figure.cycle = 0;
    const std::vector<sla::ClockFigure> figures = {figure};
    auto decoded = detail::DecodeFigures(detail::EncodeFigures(figures));
    ASSERT_TRUE(decoded) << decoded.error().message();
    ASSERT_EQ(decoded->size(), 1u);
    EXPECT_EQ((*decoded)[0].key, figure.key);
    EXPECT_EQ((*decoded)[0].agreement, "支付通道");
    EXPECT_EQ((*decoded)[0].due_at, figure.due_at);
    EXPECT_EQ((*decoded)[0].thresholds_crossed, figure.thresholds_crossed);
    EXPECT_FALSE((*decoded)[0].stopped_at);

    const std::vector<sla::ClockSegment> segments = {{figure.key, 0, At(0), At(60)}, {figure.key, 0, At(120), {}}};
    auto segments_back = detail::DecodeSegments(detail::EncodeSegments(segments));
    ASSERT_TRUE(segments_back);
    ASSERT_EQ(segments_back->size(), 2u);
    EXPECT_EQ((*segments_back)[0].to, At(60));
    EXPECT_FALSE((*segments_back)[1].to);
}

sla::ClockFigure OddFigure() {
    sla::ClockFigure figure;
    figure.key = {sla::AgreementKind::kOla, sla::ClockTarget::kResolution, GroupId{12}};
    figure.agreement = "支付\"通道\"\\ \x01";  // needs escaping: written by the writer, read through the DOM
    figure.agreement_version = 3;
    figure.calendar = "cn-office";
    figure.target = std::chrono::hours{8};
    figure.started_at = At(0);
    figure.stopped_at = At(3600);
    figure.breached_at = At(1800);
    figure.elapsed = std::chrono::minutes{61};
    figure.remaining = std::chrono::seconds{-7};
    figure.percent_used = 100.0 / 3.0;
    figure.state = sla::ClockState::kBreached;
    figure.thresholds_crossed = {75, 90, 100};
    figure.cycle = 2;
    figure.breached_cycles = 1;
    return figure;
}

TEST(ClockCodecTest, TheWriterWritesWhatAJsonDocumentWouldAndRowsStayReadable) {
    // Rows written before the direct writer existed came from nlohmann::json: the bytes must not change.
    const sla::ClockFigure figure = OddFigure();
    const nlohmann::json expected = nlohmann::json::array({{{"key", "ola:resolution:12"},
                                                            {"agreement", figure.agreement},
                                                            {"version", 3},
                                                            {"calendar", "cn-office"},
                                                            {"target", 28800},
                                                            {"started_at", ToEpochSeconds(At(0))},
                                                            {"due_at", nullptr},
                                                            {"elapsed", 3660},
                                                            {"remaining", -7},
                                                            {"percent", figure.percent_used},
                                                            {"state", "breached"},
                                                            {"running", false},
                                                            {"stopped_at", ToEpochSeconds(At(3600))},
                                                            {"breached_at", ToEpochSeconds(At(1800))},
                                                            {"thresholds", {75, 90, 100}},
                                                            {"cycle", 2},
                                                            {"breached_cycles", 1}}});
    const std::vector<sla::ClockFigure> figures = {figure};
    EXPECT_EQ(detail::EncodeFigures(figures), expected.dump());
    EXPECT_EQ(detail::EncodeFigures({}), "[]");
    const std::vector<sla::ClockSegment> segments = {{figure.key, 2, At(0), {}}};
    EXPECT_EQ(detail::EncodeSegments(segments),
              nlohmann::json::array({{{"key", "ola:resolution:12"}, {"cycle", 2}, {"from", ToEpochSeconds(At(0))},
                                      {"to", nullptr}}})
                  .dump());
    const std::vector<sla::RecordedBreach> breaches = {{figure.key, 2, At(1800)}};
    EXPECT_EQ(detail::EncodeBreaches(breaches),
              nlohmann::json::array({{{"key", "ola:resolution:12"}, {"cycle", 2}, {"at", ToEpochSeconds(At(1800))}}})
                  .dump());
}

TEST(ClockCodecTest, TheDirectReaderAndTheDocumentReaderAgree) {
    sla::ClockFigure plain = OddFigure();
    plain.agreement = "支付通道";  // no escapes: the direct reader takes it
    const std::vector<sla::ClockFigure> figures = {plain, OddFigure()};
    const std::string single = detail::EncodeFigures(std::vector<sla::ClockFigure>{plain});
    auto direct = detail::DecodeFigures(single);
    ASSERT_TRUE(direct) << direct.error().message();
    EXPECT_EQ(*direct, std::vector<sla::ClockFigure>{plain});
    // The same document pretty-printed reads to the same figures.
    auto pretty = detail::DecodeFigures(nlohmann::json::parse(single).dump(2));
    ASSERT_TRUE(pretty) << pretty.error().message();
    EXPECT_EQ(*pretty, *direct);
    auto both = detail::DecodeFigures(detail::EncodeFigures(figures));
    ASSERT_TRUE(both) << both.error().message();
    EXPECT_EQ(*both, figures);
    // Rows from before "running" existed: a running state is the only one that counts on.
    nlohmann::json old = nlohmann::json::parse(single);
    old[0].erase("running");
    auto without_flag = detail::DecodeFigures(old.dump());
    ASSERT_TRUE(without_flag) << without_flag.error().message();
    EXPECT_FALSE((*without_flag)[0].running);
    // What the direct reader does not expect is the document reader's to judge: an error there, never a guess.
    nlohmann::json as_text = nlohmann::json::parse(single);
    as_text[0]["elapsed"] = "5400";
    EXPECT_TRUE(detail::DecodeFigures(as_text.dump()).error().Is(ErrorCode::kInternal));
    EXPECT_TRUE(detail::DecodeFigures(single + " x").error().Is(ErrorCode::kInternal));
}

TEST(ClockCodecTest, DamagedTextAndBadKeysAreErrorsNotCrashes) {
    EXPECT_TRUE(detail::DecodeFigures("not json").error().Is(ErrorCode::kInternal));
    EXPECT_TRUE(detail::DecodeFigures(R"([{"key":"sla:nonsense"}])").error().Is(ErrorCode::kInternal));
    EXPECT_TRUE(detail::DecodeSegments(R"([{"key":"sla:resolution"}])").error().Is(ErrorCode::kInternal));
    EXPECT_TRUE(detail::ParseClockKey("ola:resolution:12x").error().Is(ErrorCode::kInvalidArgument));
    EXPECT_TRUE(detail::ParseClockKey("resolution").error().Is(ErrorCode::kInvalidArgument));
    auto key = detail::ParseClockKey("ola:resolution:12");
    ASSERT_TRUE(key);
    EXPECT_EQ(key->group, GroupId{12});
    EXPECT_EQ(key->Text(), "ola:resolution:12");
}

}  // namespace
}  // namespace sladesk::service
