// `sladesk mailgate --url URL --token T`: one RFC 5322 message on stdin, as an MTA pipes it, posted to the
// server's mail intake. Exit 0 only once the server has stored it; 75 (EX_TEMPFAIL) whenever the server is
// unreachable or not sure, so the MTA keeps the message and retries; 65/77 with the reason for a refusal.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/commands.hpp"
#include "mail/mailgate.hpp"
#include "notify/http_client.hpp"

namespace sladesk::cli {
namespace {

struct MailgateFlags {
    std::string url;           // the server's base URL, e.g. http://127.0.0.1:8080
    std::string token;         // the mailgate token (visible in `ps`: prefer --token-file)
    std::string token_file;    // a file holding the token
    int timeout_seconds = 60;  // the whole request; default 60 (a large message, a busy disk)
};

int Mailgate(const MailgateFlags& flags) {
    std::string token = flags.token;
    if (!flags.token_file.empty()) {
        std::ifstream file(flags.token_file);
        if (!file) {
            std::cerr << "sladesk mailgate: cannot read --token-file " << flags.token_file << "\n";
            return mail::kExitTempFail;  // a configuration error loses no mail: the MTA retries once it is fixed
        }
        std::getline(file, token);
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ')) token.pop_back();
    if (token.empty()) {
        std::cerr << "sladesk mailgate: give --token or --token-file\n";
        return mail::kExitTempFail;
    }
    std::string message{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    if (!std::cin.eof() && std::cin.fail()) {
        std::cerr << "sladesk mailgate: reading stdin failed\n";
        return mail::kExitTempFail;
    }
    if (auto http = notify::InitHttp(); !http) {
        std::cerr << "sladesk mailgate: " << http.error().message() << "\n";
        return mail::kExitTempFail;
    }
    notify::HttpRequest request;
    request.url = mail::InboundUrl(flags.url);
    // "Expect:" off: curl would otherwise wait for a 100 Continue the server never sends.
    request.headers = {"Authorization: Bearer " + token, "Content-Type: message/rfc822", "Expect:"};
    request.body = std::move(message);
    request.timeout = std::chrono::seconds(flags.timeout_seconds);
    const mail::MailgateOutcome outcome = mail::MailgateOutcomeFor(notify::HttpPost(request));
    if (outcome.exit_code != mail::kExitDelivered) std::cerr << "sladesk mailgate: " << outcome.message << "\n";
    return outcome.exit_code;
}

}  // namespace

void AddMailgateCommand(CLI::App& app, int& exit_code) {
    auto flags = std::make_shared<MailgateFlags>();
    auto* command = app.add_subcommand("mailgate", "post one RFC 5322 message from stdin to the server (MTA pipe)");
    command->add_option("--url", flags->url, "the server's base URL, e.g. http://127.0.0.1:8080")->required();
    command->add_option("--token", flags->token, "the mailgate token (serve --mailgate-token-file)");
    command->add_option("--token-file", flags->token_file, "read the mailgate token from this file");
    command->add_option("--timeout", flags->timeout_seconds, "seconds to wait for the server")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    command->callback([flags, &exit_code] { exit_code = Mailgate(*flags); });
}

}  // namespace sladesk::cli
