// Shared helpers for the clock tests: a realistic agreement book on the CN office calendar and timeline builders.
#pragma once

#include <optional>
#include <vector>

#include "sla/agreement.hpp"
#include "sla/ticket_clocks.hpp"
#include "sla_test_support.hpp"

namespace sladesk::sla::testing {

using namespace std::chrono_literals;

inline constexpr GroupId kServiceDesk{3};  // OLA "service-desk", 4 h at priority 2
inline constexpr GroupId kNetwork{4};      // OLA "network", 8 h at priority 2
inline constexpr GroupId kIsp{7};          // UC "isp" on 24x7, 24 h at priority 2
inline constexpr GroupId kNoAgreement{9};  // no OLA/UC

/// Tables for 2024-2026 only: the examples live there, and the book compiles fast in Debug builds.
inline constexpr CalendarOptions kTestTableYears{2024, 2026};

/// SLA "standard" on cn-office (09:00-12:00, 13:00-18:00, CN holidays): priority 1: 30 min / 2 h / 8 h, priority 2:
/// 1 h / 4 h / 16 h; "vip" at priority 2: first response 30 min, resolution 8 h. Warnings at 75 % and 90 %.
/// OLAs for groups 3 and 4 on cn-office, a UC for group 7 on 24x7.
inline std::vector<Agreement> StandardAgreements() {
    Agreement sla;
    sla.name = "standard";
    sla.status = AgreementStatus::kActive;
    sla.calendar = "cn-office";
    sla.effective_from = At("2024-01-01T00:00:00+08:00");
    sla.targets = {{1, Targets{30min, 2h, 8h}}, {2, Targets{1h, 4h, 16h}}};
    sla.grade_overrides["vip"] = {{2, Targets{30min, std::nullopt, 8h}}};

    auto group_agreement = [&](std::string name, AgreementKind kind, GroupId group, std::string calendar,
                               std::chrono::seconds p2_resolution) {
        Agreement agreement = sla;
        agreement.name = std::move(name);
        agreement.kind = kind;
        agreement.group = group;
        agreement.calendar = std::move(calendar);
        agreement.grade_overrides.clear();
        agreement.targets = {{1, Targets{15min, std::nullopt, p2_resolution / 2}},
                             {2, Targets{30min, std::nullopt, p2_resolution}}};
        return agreement;
    };
    return {sla, group_agreement("service-desk", AgreementKind::kOla, kServiceDesk, "cn-office", 4h),
            group_agreement("network", AgreementKind::kOla, kNetwork, "cn-office", 8h),
            group_agreement("isp", AgreementKind::kUc, kIsp, "24x7", 24h)};
}

/// The standard book, compiled once per test binary.
inline const AgreementBook& StandardBook() {
    static const AgreementBook book = [] {
        auto created = AgreementBook::Create({CnOfficeSpec()}, StandardAgreements(), kTestTableYears);
        EXPECT_TRUE(created.ok()) << (created.ok() ? "" : created.error().message());
        return created.ok() ? std::move(*created) : AgreementBook{};
    }();
    return book;
}

inline TicketFacts FactsAt(UtcTime created_at, int priority = 2, std::string grade = "normal") {
    TicketFacts facts;
    facts.created_at = created_at;
    facts.priority = priority;
    facts.customer_grade = std::move(grade);
    return facts;
}

inline TimelineEvent Created(std::string_view at, std::optional<GroupId> group = std::nullopt,
                             TicketStatus status = TicketStatus::kNew) {
    return {At(at), TimelineEvent::Kind::kCreated, status, group};
}
inline TimelineEvent StatusAt(std::string_view at, TicketStatus status) {
    return {At(at), TimelineEvent::Kind::kStatus, status, std::nullopt};
}
inline TimelineEvent GroupAt(std::string_view at, std::optional<GroupId> group) {
    return {At(at), TimelineEvent::Kind::kGroup, TicketStatus::kNew, group};
}
inline TimelineEvent MessageAt(std::string_view at) {
    return {At(at), TimelineEvent::Kind::kCustomerMessage, TicketStatus::kNew, std::nullopt};
}
inline TimelineEvent ReplyAt(std::string_view at) {
    return {At(at), TimelineEvent::Kind::kAgentReply, TicketStatus::kNew, std::nullopt};
}

inline ClockKey SlaKey(ClockTarget target) { return {AgreementKind::kSla, target, std::nullopt}; }
inline ClockKey GroupKey(AgreementKind kind, GroupId group) { return {kind, ClockTarget::kResolution, group}; }

/// The figure of `key`; fails the test and returns an empty figure if there is none.
inline ClockFigure FigureOf(const ClockEvaluation& evaluation, const ClockKey& key) {
    for (const ClockFigure& figure : evaluation.figures) {
        if (figure.key == key) return figure;
    }
    ADD_FAILURE() << "no figure for " << key.Text();
    return {};
}

inline bool HasFigure(const ClockEvaluation& evaluation, const ClockKey& key) {
    for (const ClockFigure& figure : evaluation.figures) {
        if (figure.key == key) return true;
    }
    return false;
}

}  // namespace sladesk::sla::testing
