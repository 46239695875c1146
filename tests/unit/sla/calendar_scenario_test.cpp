// Runs the declarative calendar scenarios in scenarios/calendar_*.yaml: name, description, group, a
// `calendar:` document (the YAML users write), then `due:` {start, work, due} and `elapsed:` {from, to, work}.
// Prefer adding a scenario file over adding C++.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "sla/calendar_yaml.hpp"
#include "sla/work_duration.hpp"
#include "sla_test_support.hpp"

namespace sladesk::sla {
namespace {

using testing::At;

std::filesystem::path ScenarioDir() {
    return std::filesystem::path(SLADESK_SOURCE_DIR) / "tests" / "unit" / "sla" / "scenarios";
}

std::chrono::seconds Work(const YAML::Node& node) {
    auto work = ParseWorkDuration(node.as<std::string>());
    EXPECT_TRUE(work.ok()) << node.as<std::string>();
    return work.ok() ? *work : std::chrono::seconds{-1};
}

void RunScenario(const std::filesystem::path& path) {
    SCOPED_TRACE(path.filename().string());
    const YAML::Node scenario = YAML::LoadFile(path.string());
    ASSERT_TRUE(scenario["name"] && scenario["description"] && scenario["group"]) << "name/description/group";
    std::ostringstream calendar_text;
    calendar_text << scenario["calendar"];
    auto calendar = LoadCalendarFromYaml(calendar_text.str());
    ASSERT_TRUE(calendar.ok()) << calendar.error().message();
    int checks = 0;
    for (const auto& c : scenario["due"]) {
        const std::string start = c["start"].as<std::string>();
        SCOPED_TRACE("due from " + start + " + " + c["work"].as<std::string>());
        const UtcTime due = calendar->AddWorkingTime(At(start), Work(c["work"]));
        EXPECT_EQ(FormatIso8601(due), FormatIso8601(At(c["due"].as<std::string>())));
        EXPECT_EQ(calendar->WorkingTimeBetween(At(start), due), Work(c["work"]));
        ++checks;
    }
    for (const auto& c : scenario["elapsed"]) {
        SCOPED_TRACE("elapsed " + c["from"].as<std::string>() + " .. " + c["to"].as<std::string>());
        EXPECT_EQ(calendar->WorkingTimeBetween(At(c["from"].as<std::string>()), At(c["to"].as<std::string>())),
                  Work(c["work"]));
        ++checks;
    }
    EXPECT_GT(checks, 0);
}

TEST(CalendarScenarioTest, AllScenarioFilesHold) {
    int files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(ScenarioDir())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("calendar_", 0) != 0 || entry.path().extension() != ".yaml") continue;
        RunScenario(entry.path());
        ++files;
    }
    EXPECT_GE(files, 3);
}

}  // namespace
}  // namespace sladesk::sla
