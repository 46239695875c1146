// Per-person notification preferences: which events and channels, and when a message may go given the person's
// working hours (times are passed in: no clock, no sleeping).
#include "rules/notification_preferences.hpp"

#include <gtest/gtest.h>

#include "sla/calendar_yaml.hpp"

namespace sladesk::rules {
namespace {

constexpr const char* kOffice = R"(
calendars:
  - name: office
    timezone: Asia/Shanghai
    week:
      mon: ["09:00-12:00", "13:00-18:00"]
      tue: ["09:00-12:00", "13:00-18:00"]
      wed: ["09:00-12:00", "13:00-18:00"]
      thu: ["09:00-12:00", "13:00-18:00"]
      fri: ["09:00-12:00", "13:00-18:00"]
)";

/// Shanghai wall time (UTC+8) in February 2025 as an instant.
UtcTime Cst(int day, int hour, int minute = 0) {
    using namespace date;
    const auto local = sys_days{year{2025} / 2 / day} + std::chrono::hours{hour} + std::chrono::minutes{minute};
    return UtcTime{std::chrono::duration_cast<std::chrono::seconds>(local.time_since_epoch() - std::chrono::hours{8})};
}

class NotificationPreferencesTest : public ::testing::Test {
 protected:
    void SetUp() override {
        auto calendar = sla::LoadCalendarFromYaml(kOffice, "office");
        ASSERT_TRUE(calendar) << calendar.error().message();
        office_ = std::make_unique<sla::Calendar>(std::move(*calendar));
    }
    std::unique_ptr<sla::Calendar> office_;
};

TEST_F(NotificationPreferencesTest, TheDefaultsWantEverythingAtOnce) {
    const NotificationPreferences defaults;
    EXPECT_TRUE(ValidatePreferences(defaults));
    for (std::string_view event : kPersonEvents) {
        for (std::string_view channel : kPersonChannels) {
            EXPECT_EQ(DeliveryTime(defaults, event, channel, false, nullptr, Cst(14, 23)), Cst(14, 23));
        }
    }
}

TEST_F(NotificationPreferencesTest, UnwantedEventsAndChannelsAreNotSent) {
    NotificationPreferences preferences;
    preferences.events = {"sla_breach", "escalation"};
    preferences.channels = {"email"};
    EXPECT_EQ(DeliveryTime(preferences, "sla_warning", "email", false, nullptr, Cst(10, 10)), std::nullopt);
    EXPECT_EQ(DeliveryTime(preferences, "sla_breach", "sms", true, nullptr, Cst(10, 10)), std::nullopt);
    EXPECT_EQ(DeliveryTime(preferences, "escalation", "email", false, nullptr, Cst(10, 10)), Cst(10, 10));
}

TEST_F(NotificationPreferencesTest, OutsideTheirHoursAMessageWaitsForTheNextWorkingMinute) {
    NotificationPreferences preferences;
    preferences.calendar = "office";
    // Inside the hours: at once.
    EXPECT_EQ(DeliveryTime(preferences, "sla_warning", "email", false, office_.get(), Cst(10, 10, 17)),
              Cst(10, 10, 17));
    // The lunch break: at 13:00.
    EXPECT_EQ(DeliveryTime(preferences, "sla_warning", "email", false, office_.get(), Cst(10, 12, 30)), Cst(10, 13));
    // Friday night: Monday 09:00.
    EXPECT_EQ(DeliveryTime(preferences, "escalation", "email", false, office_.get(), Cst(14, 22)), Cst(17, 9));
    // Before the day starts: 09:00 the same day.
    EXPECT_EQ(DeliveryTime(preferences, "escalation", "sms", false, office_.get(), Cst(11, 3)), Cst(11, 9));
}

TEST_F(NotificationPreferencesTest, UrgentMessagesReachThemAtNight) {
    NotificationPreferences preferences;
    preferences.calendar = "office";
    EXPECT_EQ(DeliveryTime(preferences, "sla_breach", "sms", true, office_.get(), Cst(15, 2)), Cst(15, 2));
}

TEST_F(NotificationPreferencesTest, ValidationNamesTheField) {
    NotificationPreferences preferences;
    preferences.events = {"sla_warning", "sla_breach", "sla_warning"};
    auto checked = ValidatePreferences(preferences);
    ASSERT_FALSE(checked);
    EXPECT_TRUE(checked.error().Is(ErrorCode::kInvalidArgument));
    EXPECT_EQ(checked.error().message(), "events: 'sla_warning' is given twice");
    preferences.events = {"coffee"};
    checked = ValidatePreferences(preferences);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().message(),
              "events[0]: unknown value 'coffee' (one of sla_warning, sla_breach, escalation)");
    preferences.events.clear();
    preferences.channels = {"email", "pigeon"};
    checked = ValidatePreferences(preferences);
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().message(), "channels[1]: unknown value 'pigeon' (one of email, sms)");
    preferences.channels.clear();
    preferences.calendar = "";
    EXPECT_FALSE(ValidatePreferences(preferences));
}

}  // namespace
}  // namespace sladesk::rules
