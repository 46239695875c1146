// Closing resolved tickets whose customers never answered, after the policy's number of working days.
#pragma once

#include "core/clock.hpp"
#include "core/result.hpp"
#include "service/directory_service.hpp"
#include "service/ticket_service.hpp"
#include "sla/calendar.hpp"

namespace sladesk::service {

/// Thread-safe; references must outlive it.
class AutoCloser {
 public:
    /// `calendar` decides which days count as working days (the desk's calendar).
    AutoCloser(TicketService& tickets, DirectoryService& directory, const Clock& clock, sla::Calendar calendar)
        : tickets_(tickets), directory_(directory), clock_(clock), calendar_(std::move(calendar)) {}

    /// Closes up to `batch` tickets resolved at least auto_close_working_days working days ago; returns how many.
    /// A policy of 0 days turns auto-close off.
    Result<int> RunOnce(int batch = 500);

 private:
    TicketService& tickets_;
    DirectoryService& directory_;
    const Clock& clock_;
    const sla::Calendar calendar_;
};

/// The desk's default calendar: Asia/Shanghai, Monday to Friday 09:00-18:00, China's holidays and adjusted days.
sla::Calendar DefaultDeskCalendar();

}  // namespace sladesk::service
