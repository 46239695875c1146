#include "service/auto_close.hpp"

#include "sla/calendar_yaml.hpp"

namespace sladesk::service {
namespace {

constexpr const char* kDefaultDeskCalendar = R"(calendars:
  - name: desk
    timezone: Asia/Shanghai
    week:
      mon: ["09:00-18:00"]
      tue: ["09:00-18:00"]
      wed: ["09:00-18:00"]
      thu: ["09:00-18:00"]
      fri: ["09:00-18:00"]
    include: [CN]
)";

}  // namespace

sla::Calendar DefaultDeskCalendar() { return sla::LoadCalendarFromYaml(kDefaultDeskCalendar).value(); }

Result<int> AutoCloser::RunOnce(int batch) {
    SLADESK_ASSIGN_OR_RETURN(Policy policy, directory_.CurrentPolicy());
    if (policy.auto_close_working_days <= 0) return 0;
    const UtcTime cutoff = calendar_.AddWorkingDays(clock_.Now(), -policy.auto_close_working_days);
    if (cutoff == sla::kNever) return 0;
    return tickets_.CloseResolvedBefore(cutoff, batch);
}

}  // namespace sladesk::service
