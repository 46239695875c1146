// `sladesk admin create-user`: accounts from the shell (the first admin, integration users).
#include <iostream>

#include "cli/commands.hpp"
#include "cli/store_flags.hpp"
#include "core/clock.hpp"
#include "service/directory_service.hpp"
#include "service/passwords.hpp"

namespace sladesk::cli {
namespace {

struct CreateUserFlags {
    store::StoreOptions store;
    service::NewUser user;
    std::string role = "agent";
    bool password_stdin = false;
};

int CreateUser(CreateUserFlags& flags) {
    auto role = kRoleNames.Parse(flags.role);
    if (!role) return ReportError(Error::InvalidArgument("--role must be customer, agent, supervisor, "
                                                         "service_level_manager or admin"));
    flags.user.role = *role;
    if (flags.password_stdin) {
        std::getline(std::cin, flags.user.password);
    }
    if (flags.user.password.empty()) return ReportError(Error::InvalidArgument("give --password or --password-stdin"));
    if (auto crypto = service::InitCrypto(); !crypto) return ReportError(crypto.error());
    auto store = store::OpenStore(flags.store);
    if (!store) return ReportError(store.error());
    SystemClock clock;
    service::PolicyCache policy;
    service::DirectoryService directory(**store, clock, policy);
    auto user = directory.CreateUserAsSystem(flags.user);
    if (!user) return ReportError(user.error());
    std::cout << "created user " << user->id.value << " (" << user->login << ", " << kRoleNames.Name(user->role)
              << ")\n";
    return 0;
}

}  // namespace

void AddAdminCommand(CLI::App& app, int& exit_code) {
    auto* admin = app.add_subcommand("admin", "administration from the shell");
    admin->require_subcommand(1);
    auto flags = std::make_shared<CreateUserFlags>();
    auto* create = admin->add_subcommand("create-user", "create a user account");
    AddStoreFlags(*create, flags->store);
    create->add_option("--login", flags->user.login, "login name")->required();
    create->add_option("--password", flags->user.password, "password (or --password-stdin)");
    create->add_flag("--password-stdin", flags->password_stdin, "read the password from the first line of stdin");
    create->add_option("--role", flags->role, "customer, agent, supervisor, service_level_manager or admin")
        ->capture_default_str();
    create->add_option("--display-name", flags->user.display_name, "name shown to others (default: the login)");
    create->add_option("--email", flags->user.email, "e-mail address");
    create->add_option("--phone", flags->user.phone, "phone number");
    create->add_option("--organisation", flags->user.organisation, "organisation (created if new)");
    create->add_flag("--org-admin", flags->user.org_admin, "customer sees all tickets of the organisation");
    create->add_option("--class", flags->user.customer_class, "customer class, e.g. residential");
    create->add_option("--grade", flags->user.customer_grade, "customer grade, e.g. vip");
    create->add_option("--language", flags->user.language, "zh-CN or en")->capture_default_str();
    create->add_option("--group", flags->user.groups, "group to join (repeatable)");
    create->callback([flags, &exit_code] { exit_code = CreateUser(*flags); });
}

}  // namespace sladesk::cli
