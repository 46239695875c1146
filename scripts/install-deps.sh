#!/usr/bin/env bash
# Installs every Debian package sladesk needs to build, test and benchmark.
# Idempotent and non-interactive; run as root (or through sudo) on Debian 12.
set -euo pipefail

packages=(
    # toolchain
    build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
    # libraries (see docs/architecture.md for why each one)
    librestinio-dev libasio-dev libfmt-dev libspdlog-dev nlohmann-json3-dev
    libsqlite3-dev libpq-dev libsodium-dev libcli11-dev libyaml-cpp-dev
    libhowardhinnant-date-dev tzdata libcurl4-openssl-dev libical-dev
    # the email channel: MIME parsing (GMime 3 with its iconv charsets: GB2312/GBK/GB18030, Big5)
    libgmime-3.0-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    # test and benchmark peers (postfix: the real mail server of scripts/with-mailserver.sh; openssl: its
    # STARTTLS certificate)
    postgresql postgresql-contrib curl wrk python3 procps postfix openssl
    # the email channel's tests: a real SMTP client that sends mail into the test Postfix
    swaks
    # browser tests of the web console (playwright-core drives Debian's chromium; a CJK font for screenshots)
    chromium fonts-wqy-microhei
)

# Node.js runs the integration and browser tests and builds the web console; the machine's own node (if any) is kept.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
# npm builds the web console (web/); Debian ships it apart from nodejs.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# Postfix must not configure (and start) a system mail server: the tests run their own instance.
echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
