// Replay tests: files of timestamped complaints go through the real burst engine (BurstDetector with the seeds'
// default rules) and must produce exactly the notices, grades and links written under each complaint.
//
// File format (tests/unit/rules/replays/*.replay), one item per line, '#' starts a comment:
//   MM:SS ID CATEGORY GRADE        a complaint MM minutes SS seconds after the start; GRADE "-" for none
//   => opened RULE notice=N grade=G tickets=T complaints=ID,ID,...
//   => linked RULE notice=N tickets=T
//   => grade RULE notice=N grade=G
//   close RULE                     the rule's notice is resolved
// Expectations belong to the complaint above them; a complaint without any caused nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "rules/burst_detector.hpp"

namespace sladesk::rules {
namespace {

using std::chrono::minutes;

std::vector<BurstRule> SeedRules() {
    // 问题分级通告机制: security/sensitive 1 normal / 1 VIP; key (login, payment, withdrawal) 5 / 3; regular 10 / 5;
    // counted within 30 minutes. Grades: security 一级 from the first; key 三级, 二级 above 5; regular 四级,
    // 三级 above 30.
    std::vector<BurstRule> rules;
    rules.push_back({"security", "security", std::nullopt, {}, minutes{30}, {{"normal", 1}, {"vip", 1}}, {{1, 1}}});
    for (const char* leaf : {"login", "payment", "withdrawal"}) {
        rules.push_back({std::string("key-") + leaf, std::string("key/") + leaf, std::nullopt, {}, minutes{30},
                         {{"normal", 5}, {"vip", 3}}, {{1, 3}, {6, 2}}});
    }
    rules.push_back({"regular", "regular", std::nullopt, {}, minutes{30}, {{"normal", 10}, {"vip", 5}},
                     {{1, 4}, {31, 3}}});
    return rules;
}

std::string Render(const BurstEvent& event, const std::vector<BurstRule>& rules) {
    std::ostringstream out;
    const std::string& rule = rules.at(event.rule).name;
    switch (event.kind) {
        case BurstEventKind::kOpened: {
            out << "opened " << rule << " notice=" << event.notice << " grade=" << event.grade
                << " tickets=" << event.tickets << " complaints=";
            for (std::size_t i = 0; i < event.complaints.size(); ++i) out << (i ? "," : "") << event.complaints[i];
            break;
        }
        case BurstEventKind::kLinked:
            out << "linked " << rule << " notice=" << event.notice << " tickets=" << event.tickets;
            break;
        case BurstEventKind::kGradeRaised:
            out << "grade " << rule << " notice=" << event.notice << " grade=" << event.grade;
            break;
    }
    return out.str();
}

void Replay(const std::filesystem::path& file) {
    SCOPED_TRACE(file.filename().string());
    const auto rules = SeedRules();
    BurstDetector detector(rules, {"vip", "important", "normal"});
    std::ifstream in(file);
    ASSERT_TRUE(in) << "cannot read " << file;
    std::vector<std::string> expected;
    std::vector<std::string> actual;
    std::string line;
    std::string current = "(start)";
    int complaints = 0;
    int line_number = 0;
    const UtcTime start = FromEpochSeconds(1740963600);
    while (std::getline(in, line)) {
        ++line_number;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (line.starts_with("=>")) {
            expected.push_back(current + ": " + line.substr(line.find_first_not_of(" ", 2)));
            while (!expected.back().empty() && (expected.back().back() == ' ' || expected.back().back() == '\r')) {
                expected.back().pop_back();
            }
            continue;
        }
        std::istringstream fields(line);
        std::string first;
        fields >> first;
        if (first == "close") {
            std::string rule;
            fields >> rule;
            bool found = false;
            for (std::size_t index = 0; index < rules.size(); ++index) {
                if (rules[index].name == rule) {
                    detector.CloseNotice(index);
                    found = true;
                }
            }
            ASSERT_TRUE(found) << "line " << line_number << ": no rule " << rule;
            continue;
        }
        Complaint complaint;
        std::string grade;
        const auto colon = first.find(':');
        ASSERT_NE(colon, std::string::npos) << "line " << line_number << ": time must be MM:SS";
        complaint.at = start + minutes{std::stoi(first.substr(0, colon))} +
                       std::chrono::seconds{std::stoi(first.substr(colon + 1))};
        ASSERT_TRUE(fields >> complaint.id >> complaint.category_path >> grade) << "line " << line_number;
        if (grade != "-") complaint.customer_grade = grade;
        current = std::to_string(complaint.id);
        std::vector<BurstEvent> events;
        detector.Add(complaint, events);
        for (const BurstEvent& event : events) actual.push_back(current + ": " + Render(event, rules));
        ++complaints;
    }
    EXPECT_GT(complaints, 0) << "an empty replay proves nothing";
    EXPECT_EQ(actual, expected);
}

TEST(BurstReplayTest, EveryReplayFileProducesItsNotices) {
    const std::filesystem::path dir = std::filesystem::path(SLADESK_SOURCE_DIR) / "tests/unit/rules/replays";
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".replay") continue;
        Replay(entry.path());
        ++files;
    }
    EXPECT_GE(files, 4);
}

TEST(BurstReplayTest, DetectorReportsOpenNoticeUntilClosed) {
    BurstDetector detector(SeedRules(), {"vip", "important", "normal"});
    std::vector<BurstEvent> events;
    detector.Add({1, FromEpochSeconds(0), "security/leak", std::nullopt, TicketKind::kComplaint, std::nullopt}, events);
    ASSERT_EQ(events.size(), 1U);
    EXPECT_TRUE(detector.HasOpenNotice(0));
    detector.CloseNotice(0);
    EXPECT_FALSE(detector.HasOpenNotice(0));
}

}  // namespace
}  // namespace sladesk::rules
