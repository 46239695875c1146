// The MIME parse alone (GMime, charsets, HTML to text, quoted history, filters) on corpus messages of each kind.
// Figures in docs/benchmarks.md.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "mail/mime_parser.hpp"

namespace {

std::string Corpus(const char* name) {
    std::ifstream file(std::string(SLADESK_MAIL_CORPUS) + "/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

void BM_ParseMail(benchmark::State& state, const char* name) {
    const std::string raw = Corpus(name);
    for (auto _ : state) {
        auto mail = sladesk::mail::ParseMail(raw);
        if (!mail) state.SkipWithError(mail.error().message().c_str());
        benchmark::DoNotOptimize(mail);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}

BENCHMARK_CAPTURE(BM_ParseMail, gb2312_plain, "gb2312_base64.eml");
BENCHMARK_CAPTURE(BM_ParseMail, gbk_reply_with_history, "reply_outlook_zh.eml");
BENCHMARK_CAPTURE(BM_ParseMail, html_only, "html_only.eml");
BENCHMARK_CAPTURE(BM_ParseMail, pdf_attachment, "attachment_rfc2231_name.eml");
BENCHMARK_CAPTURE(BM_ParseMail, bounce_report, "bounce_dsn.eml");

/// A 1 MiB attachment in base64: the decoding path.
void BM_ParseMailLargeAttachment(benchmark::State& state) {
    std::string raw =
        "From: a@example.cn\r\nSubject: big\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
        "--b\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"big.bin\"\r\n\r\n";
    for (int line = 0; line < (1 << 20) / 57; ++line) raw += std::string(76, 'Q') + "\r\n";
    raw += "--b--\r\n";
    for (auto _ : state) {
        auto mail = sladesk::mail::ParseMail(raw);
        benchmark::DoNotOptimize(mail);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_ParseMailLargeAttachment);

}  // namespace
