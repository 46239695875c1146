#include "http/server.hpp"

#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include "http/error_body.hpp"
#include "http/metrics.hpp"
#include "http/respond.hpp"
#include "http/route_matcher.hpp"
#include "http/web_app.hpp"

namespace sladesk::http {
namespace {

using Traits = restinio::default_traits_t;

std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

Request ToRequest(const restinio::request_handle_t& handle, RouteMatcher::Match& match, const Route& route) {
    Request request;
    request.method = route.method;
    request.route = route.path;
    request.path = std::string(handle->header().path());
    request.body = handle->body();
    request.client = handle->remote_endpoint().address().to_string();
    request.path_params = std::move(match.params);
    handle->header().for_each_field([&](const restinio::http_header_field_t& field) {
        request.headers[Lower(field.name())] = field.value();
    });
    // Relaxed: unescaped reserved characters ("status=new,closed", "q=a(b)") are taken literally, as browsers send them.
    const auto query = restinio::parse_query<restinio::parse_query_traits::relaxed>(handle->header().query());
    for (const auto& [name, value] : query) request.query.emplace(std::string(name), std::string(value));
    return request;
}

const char* ReasonPhrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 201: return "Created";
        case 204: return "No Content";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 409: return "Conflict";
        case 405: return "Method Not Allowed";
        case 412: return "Precondition Failed";
        case 413: return "Payload Too Large";
        case 429: return "Too Many Requests";
        case 503: return "Service Unavailable";
        default: return status >= 500 ? "Internal Server Error" : "OK";
    }
}

void Send(const restinio::request_handle_t& handle, Response response) {
    auto builder = handle->create_response(
        restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
                                     ReasonPhrase(response.status)});
    builder.append_header(restinio::http_field::content_type, response.content_type);
    const auto own_cache = [](const auto& header) { return header.first == "Cache-Control"; };
    if (std::none_of(response.headers.begin(), response.headers.end(), own_cache)) {
        builder.append_header("Cache-Control", "no-store");
    }
    for (auto& [name, value] : response.headers) builder.append_header(name, value);
    builder.set_body(std::move(response.body));
    builder.done();
}

/// Checks limits and authenticates; the refusal to send, or nullopt (and `request.actor` set) to go on.
std::optional<Response> Admit(const ApiContext& api, const ServerOptions& options, const Route& route,
                              Request& request) {
    if (request.body.size() > options.max_body_bytes) {
        return ErrorResponse(Error::TooLarge("request body is larger than " + std::to_string(options.max_body_bytes) +
                                             " bytes"));
    }
    if (route.authenticated) {
        auto header = request.Header("authorization");
        if (!header || !header->starts_with("Bearer ") || header->size() > 7 + 256) {
            return ErrorResponse(Error::Unauthenticated("send Authorization: Bearer <token>"));
        }
        request.token = header->substr(7);
        auto actor = api.auth.Authenticate(*request.token);
        if (!actor) return ErrorResponse(actor.error());
        request.actor = std::move(*actor);
    }
    return std::nullopt;
}

/// What a request that threw gets; logs the exception. Call inside a catch block.
Response ExceptionResponse(const Route& route) {
    try {
        throw;
    } catch (const restinio::exception_t&) {
        return ErrorResponse(Error::InvalidArgument("malformed request: query string"));
    } catch (const std::exception& e) {
        spdlog::error(R"({{"event":"handler_exception","route":"{}","what":"{}"}})", route.path, e.what());
        return ErrorResponse(Error::Internal(e.what()));
    }
}

/// Records an answered request in the metrics and the log.
void Observe(const ApiContext& api, const Route& route, int status, std::chrono::steady_clock::time_point started) {
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    api.metrics.Observe(route.method, route.path, status, elapsed);
    const auto level = status >= 500 ? spdlog::level::warn : spdlog::level::debug;
    spdlog::log(level, R"({{"event":"request","method":"{}","route":"{}","status":{},"us":{}}})", route.method,
                route.path, status, elapsed.count());
}

/// Runs one matched route and measures it; never throws.
Response Handle(const ApiContext& api, const ServerOptions& options, const Route& route,
                const restinio::request_handle_t& handle, RouteMatcher::Match& match) {
    const auto started = std::chrono::steady_clock::now();
    Response response;
    try {
        Request request = ToRequest(handle, match, route);
        auto refused = Admit(api, options, route, request);
        response = refused ? std::move(*refused) : route.handler(api, request);
    } catch (...) {
        response = ExceptionResponse(route);
    }
    Observe(api, route, response.status, started);
    return response;
}

/// The asynchronous requests in flight. Their answers are posted to the io_context (so building a response never
/// runs on the store's writer thread); Close() stops posting and waits until every Responder is gone, so that no
/// answer arrives once the io_context is destroyed. Thread-safe.
class AsyncCalls {
 public:
    explicit AsyncCalls(asio::io_context& io_context) : io_context_(io_context) {}

    /// The Responder of one request. An answer that is never given (a Responder dropped unanswered) is a 500.
    Responder Start(const ApiContext& api, const Route& route, restinio::request_handle_t handle,
                    std::chrono::steady_clock::time_point started) {
        {
            std::lock_guard lock(mu_);
            ++pending_;
        }
        auto call = std::make_shared<Call>(*this, api, route, std::move(handle), started);
        return [call](std::function<Response()> make) { call->Answer(std::move(make)); };
    }

    void Close() {
        std::unique_lock lock(mu_);
        closed_ = true;
        idle_.wait(lock, [this] { return pending_ == 0; });
    }

 private:
    class Call {
     public:
        Call(AsyncCalls& calls, const ApiContext& api, const Route& route, restinio::request_handle_t handle,
             std::chrono::steady_clock::time_point started)
            : calls_(calls), api_(api), route_(route), handle_(std::move(handle)), started_(started) {}
        Call(const Call&) = delete;
        Call& operator=(const Call&) = delete;
        ~Call() {
            if (!answered_.exchange(true)) {
                calls_.Post(api_, route_, handle_, started_,
                            [] { return ErrorResponse(Error::Internal("the request was dropped unanswered")); });
            }
            calls_.Finished();
        }
        void Answer(std::function<Response()> make) {
            if (!answered_.exchange(true)) calls_.Post(api_, route_, handle_, started_, std::move(make));
        }

     private:
        AsyncCalls& calls_;
        const ApiContext& api_;
        const Route& route_;
        restinio::request_handle_t handle_;
        std::chrono::steady_clock::time_point started_;
        std::atomic<bool> answered_{false};
    };

    void Post(const ApiContext& api, const Route& route, const restinio::request_handle_t& handle,
              std::chrono::steady_clock::time_point started, std::function<Response()> make) {
        std::lock_guard lock(mu_);
        if (closed_) return;
        asio::post(io_context_, [&api, &route, handle, started, make = std::move(make)] {
            Response response;
            try {
                response = make();
            } catch (...) {
                response = ExceptionResponse(route);
            }
            Observe(api, route, response.status, started);
            Send(handle, std::move(response));
        });
    }

    void Finished() {
        std::lock_guard lock(mu_);
        if (--pending_ == 0) idle_.notify_all();
    }

    asio::io_context& io_context_;
    std::mutex mu_;
    std::condition_variable idle_;
    std::size_t pending_ = 0;  // guarded by mu_: Calls alive
    bool closed_ = false;      // guarded by mu_
};

/// Starts an asynchronous route: the request is admitted here, answered through the handler's Responder.
void StartAsync(const ApiContext& api, const ServerOptions& options, const Route& route, const AsyncHandler& async,
                const restinio::request_handle_t& handle, RouteMatcher::Match& match, AsyncCalls& calls) {
    const auto started = std::chrono::steady_clock::now();
    auto request = std::make_shared<Request>();
    std::optional<Response> refused;
    try {
        *request = ToRequest(handle, match, route);
        refused = Admit(api, options, route, *request);
    } catch (...) {
        refused = ExceptionResponse(route);
    }
    if (refused) {
        Observe(api, route, refused->status, started);
        Send(handle, std::move(*refused));
        return;
    }
    Responder respond = calls.Start(api, route, handle, started);
    try {
        async.start(api, std::move(request), respond);
    } catch (...) {
        Response failed = ExceptionResponse(route);
        respond([failed] { return failed; });  // ignored if the handler answered before throwing
    }
}

}  // namespace

Status RunServer(const ServerOptions& options, const ApiContext& api) {
    const std::vector<Route> routes = AllRoutes();
    std::vector<std::pair<std::string, std::string>> templates;
    for (const Route& route : routes) templates.emplace_back(route.method, route.path);
    const RouteMatcher matcher(templates);
    asio::io_context io_context;
    AsyncCalls calls(io_context);
    auto handler = [&](const restinio::request_handle_t& handle) {
        const std::string_view path = handle->header().path();
        RouteMatcher::Match match;
        if (!matcher.Find(handle->header().method().c_str(), path, match)) {
            if (auto page = WebAppResponse(handle->header().method().c_str(), path)) {  // the web console
                Send(handle, std::move(*page));
                return restinio::request_accepted();
            }
            Response response = ErrorResponse(Error::NotFound("no route for " + std::string(path)));
            if (matcher.PathKnown(path)) {
                response.status = 405;
                response.body = R"({"error":{"code":"invalid_argument","message":"method not allowed here"}})";
            }
            Send(handle, std::move(response));
            return restinio::request_accepted();
        }
        const Route& route = routes[match.route];
        if (const auto* async = route.handler.target<AsyncHandler>()) {
            StartAsync(api, options, route, *async, handle, match, calls);
        } else {
            Send(handle, Handle(api, options, route, handle, match));
        }
        return restinio::request_accepted();
    };

    using Server = restinio::http_server_t<Traits>;
    Server server{restinio::external_io_context(io_context),
                  restinio::server_settings_t<Traits>{}
                      .address(options.host)
                      .port(options.port)
                      .request_handler(std::move(handler))
                      // Bodies up to twice the limit are read and answered 413; beyond that the connection drops.
                      .incoming_http_msg_limits(
                          restinio::incoming_http_msg_limits_t{}.max_body_size(options.max_body_bytes * 2))
                      .read_next_http_message_timelimit(std::chrono::seconds(60))
                      .handle_request_timeout(std::chrono::seconds(60))
                      .max_pipelined_requests(1)};

    Status result = OkStatus();
    asio::signal_set signals(io_context, SIGINT, SIGTERM);
    signals.async_wait([&](const asio::error_code& error, int) {
        if (error) return;
        spdlog::info(R"({})", R"({"event":"shutdown"})");
        server.close_async([&] { io_context.stop(); }, [&](std::exception_ptr) { io_context.stop(); });
    });
    server.open_async(
        [&] {
            spdlog::info("{{\"event\":\"listening\",\"address\":\"{}:{}\",\"threads\":{}}}", options.host, options.port,
                         options.threads);
        },
        [&](std::exception_ptr failure) {
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                result = Error::Unavailable("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                            ": " + e.what());
            }
            io_context.stop();
        });
    std::vector<std::thread> pool;
    for (std::size_t i = 1; i < options.threads; ++i) pool.emplace_back([&] { io_context.run(); });
    io_context.run();
    for (std::thread& thread : pool) thread.join();
    calls.Close();  // writes still in the store's queue finish; their answers are no longer sent
    return result;
}

}  // namespace sladesk::http
