// Outbox throughput (issue 4: at least 2,000 deliveries/s to a loopback webhook receiver).
//
//   sladesk_notify_bench [MESSAGES] [WORKERS] [postgresql://...]
//
// Enqueues MESSAGES (default 20,000) webhook messages in one store (SQLite in a temp dir, or the PostgreSQL URL),
// then lets a Dispatcher claim them in batches, deliver each as a signed JSON POST over keep-alive connections to
// a receiver on 127.0.0.1 (a small thread-per-connection HTTP/1.1 server in this program), and mark them sent.
// Prints the wall time and the rate from the first claim to the last sent mark, and checks that the receiver
// got every message exactly once with a valid signature.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "notify/channels/webhook_channel.hpp"
#include "notify/dispatcher.hpp"
#include "notify/http_client.hpp"
#include "store/outbox_repo.hpp"
#include "store/store.hpp"

namespace {

using namespace sladesk;

constexpr const char* kSecret = "bench-secret";

/// A minimal HTTP/1.1 receiver: one thread per connection, keep-alive, 200 {} to every POST. Records the
/// Idempotency-Key of each request and checks every signature.
class Receiver {
 public:
    Receiver() {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        address.sin_port = 0;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
            ::listen(listener_, 128) != 0) {
            std::perror("receiver");
            std::exit(1);
        }
        socklen_t length = sizeof(address);
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
        port_ = ntohs(address.sin_port);
        acceptor_ = std::thread([this] { Accept(); });
    }
    ~Receiver() {
        ::shutdown(listener_, SHUT_RDWR);
        ::close(listener_);
        acceptor_.join();
        for (auto& connection : connections_) connection.join();
    }
    int port() const { return port_; }
    std::size_t requests() const { return requests_; }
    std::size_t bad_signatures() const { return bad_signatures_; }
    std::size_t distinct() {
        std::lock_guard lock(mu_);
        return keys_.size();
    }

 private:
    void Accept() {
        for (;;) {
            const int fd = ::accept(listener_, nullptr, nullptr);
            if (fd < 0) return;
            connections_.emplace_back([this, fd] { Serve(fd); });
        }
    }

    static std::string HeaderValue(const std::string& head, const std::string& name) {
        const auto at = head.find("\r\n" + name + ": ");
        if (at == std::string::npos) return {};
        const auto start = at + name.size() + 4;
        return head.substr(start, head.find("\r\n", start) - start);
    }

    void Serve(int fd) {
        std::string buffer;
        char chunk[16384];
        for (;;) {
            auto end = buffer.find("\r\n\r\n");
            while (end == std::string::npos) {
                const ssize_t n = ::read(fd, chunk, sizeof(chunk));
                if (n <= 0) {
                    ::close(fd);
                    return;
                }
                buffer.append(chunk, static_cast<std::size_t>(n));
                end = buffer.find("\r\n\r\n");
            }
            const std::string head = buffer.substr(0, end);
            const std::size_t body_length = std::stoul("0" + HeaderValue(head, "Content-Length"));
            while (buffer.size() < end + 4 + body_length) {
                const ssize_t n = ::read(fd, chunk, sizeof(chunk));
                if (n <= 0) {
                    ::close(fd);
                    return;
                }
                buffer.append(chunk, static_cast<std::size_t>(n));
            }
            const std::string body = buffer.substr(end + 4, body_length);
            buffer.erase(0, end + 4 + body_length);
            const std::string timestamp = HeaderValue(head, notify::kTimestampHeader);
            if (HeaderValue(head, notify::kSignatureHeader) !=
                notify::WebhookSignature(kSecret, std::stoll("0" + timestamp), body)) {
                ++bad_signatures_;
            }
            {
                std::lock_guard lock(mu_);
                keys_.insert(HeaderValue(head, "Idempotency-Key"));
            }
            ++requests_;
            static constexpr char kReply[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
            if (::write(fd, kReply, sizeof(kReply) - 1) < 0) {
                ::close(fd);
                return;
            }
        }
    }

    int listener_ = -1;
    int port_ = 0;
    std::thread acceptor_;
    std::vector<std::thread> connections_;  // touched by the acceptor only, joined after it
    std::atomic<std::size_t> requests_{0};
    std::atomic<std::size_t> bad_signatures_{0};
    std::mutex mu_;
    std::set<std::string> keys_;
};

}  // namespace

int main(int argc, char** argv) {
    const int messages = argc > 1 ? std::atoi(argv[1]) : 20000;
    const int workers = argc > 2 ? std::atoi(argv[2]) : 8;
    const std::string database_url = argc > 3 ? argv[3] : "";
    if (sodium_init() < 0 || !notify::InitHttp()) return 1;

    const auto dir = std::filesystem::temp_directory_path() / ("sladesk-notify-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    store::StoreOptions options;
    options.data_dir = dir.string();
    options.database_url = database_url;
    auto opened = store::OpenStore(options);
    if (!opened) {
        std::fprintf(stderr, "store: %s\n", opened.error().message().c_str());
        return 1;
    }
    store::Store& store = **opened;
    SystemClock clock;
    const UtcTime now = clock.Now();

    Receiver receiver;
    const auto enqueue_start = std::chrono::steady_clock::now();
    for (int first = 0; first < messages; first += 1000) {
        const Status written = store.Write([&](store::SqlConnection& db) -> Status {
            for (int i = first; i < std::min(first + 1000, messages); ++i) {
                store::OutboxMessage message;
                message.dedup_key = "bench|" + std::to_string(::getpid()) + "|" + std::to_string(i);
                message.message_uid = std::to_string(::getpid()) + "-" + std::to_string(i);
                message.event = "sla_warning";
                message.channel = "webhook:bench";
                message.recipient = "bench";
                message.subject = "【SLA 预警】工单 #" + std::to_string(i) + " 解决时限已用 75%";
                message.body_text = "工单 #" + std::to_string(i) + " 的解决时限已用去 75%，将于 17:00 到期。请尽快处理。";
                message.data = R"({"ticket.id":")" + std::to_string(i) + R"("})";
                message.next_attempt_at = now;
                message.created_at = now;
                SLADESK_TRY(store::OutboxRepo::Enqueue(db, message));
            }
            return OkStatus();
        });
        if (!written) {
            std::fprintf(stderr, "enqueue: %s\n", written.error().message().c_str());
            return 1;
        }
    }
    const double enqueue_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - enqueue_start).count();

    std::map<std::string, std::unique_ptr<notify::Channel>> channels;
    channels["webhook:bench"] = std::make_unique<notify::WebhookChannel>(
        notify::WebhookConfig{"http://127.0.0.1:" + std::to_string(receiver.port()) + "/hook", kSecret, {}});
    notify::DispatcherOptions dispatcher_options;
    dispatcher_options.node_id = "bench";
    dispatcher_options.workers = workers;
    notify::Dispatcher dispatcher(store, clock, std::move(channels), dispatcher_options);

    const auto start = std::chrono::steady_clock::now();
    int sent = 0;
    while (sent < messages) {
        auto report = dispatcher.RunOnce(clock.Now());
        if (!report) {
            std::fprintf(stderr, "dispatch: %s\n", report.error().message().c_str());
            return 1;
        }
        if (report->claimed == 0) break;
        sent += report->sent;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("backend: %s\nmessages: %d  workers: %d  claim batch: %d\n",
                database_url.empty() ? "sqlite" : "postgresql", messages, workers, dispatcher_options.claim_batch);
    std::printf("enqueue: %.2f s (%.0f/s, 1,000 per transaction)\n", enqueue_seconds, messages / enqueue_seconds);
    std::printf("delivered and marked sent: %d in %.2f s = %.0f deliveries/s\n", sent, seconds, sent / seconds);
    std::printf("receiver: %zu requests, %zu distinct ids, %zu bad signatures\n", receiver.requests(),
                receiver.distinct(), receiver.bad_signatures());
    opened->reset();
    std::filesystem::remove_all(dir);
    return sent == messages && receiver.bad_signatures() == 0 ? 0 : 1;
}
