#!/usr/bin/env bash
# Runs a command next to a throwaway Postfix mail server on loopback:
#
#   scripts/with-mailserver.sh tests/integration/run.sh sqlite tests/integration/notify.test.mjs
#
# The server is a private Postfix instance (its own config, queue and log in a fresh temp dir; the system's
# Postfix, if any, is not touched) listening on a free 127.0.0.1 port. It accepts mail for every domain from
# loopback and delivers every recipient's copy into one Maildir, $SLADESK_TEST_MAILDIR (messages in new/), each
# with a Delivered-To: header naming its recipient.
# STARTTLS is offered with a self-signed certificate for 127.0.0.1 (its CA file is exported). No AUTH.
# Mail for any address at desk.sladesk-test.invalid is instead piped (as user nobody) to `sladesk mailgate`, the way
# a production MTA hands mail to the desk (docs/email.md): the pipe runs $SLADESK_TEST_MAILGATE_DIR/run.sh, which
# reads the target a test writes into $SLADESK_TEST_MAILGATE_DIR/target (shell assignments of
# SLADESK_MAILGATE_BIN, SLADESK_MAILGATE_URL and SLADESK_MAILGATE_TOKEN_FILE; every file readable by nobody) and
# answers 75 (try again later) while there is none. Postfix keeps the message and retries on 75, bounces on 65/77.
# Exported for the command:
#   SLADESK_TEST_SMTP_HOST     127.0.0.1
#   SLADESK_TEST_SMTP_PORT     the port
#   SLADESK_TEST_SMTP_CA       the server certificate (PEM) to verify STARTTLS with; unset if openssl is missing
#   SLADESK_TEST_MAILDIR       the Maildir described above
#   SLADESK_TEST_MAIL_LOG      Postfix's log file
#   SLADESK_TEST_MAILGATE_DIR  the mailgate pipe's directory described above
#   SLADESK_TEST_DESK_DOMAIN   desk.sladesk-test.invalid
# Postfix's master must start as root (CI and the dev machines run as root); the packages come from
# scripts/install-deps.sh. The server is stopped and its directory removed however the command ends; the
# command's exit code is passed on. Starts in about a second.
set -euo pipefail

if (($# == 0)); then
    echo "usage: $0 COMMAND [ARG...]" >&2
    exit 2
fi
if ! command -v postfix >/dev/null 2>&1; then
    echo "with-mailserver: postfix not found; run scripts/install-deps.sh" >&2
    exit 2
fi
if [ "$(id -u)" != 0 ]; then
    echo "with-mailserver: Postfix's master process must start as root" >&2
    exit 2
fi

# Removes directories of earlier runs that were killed before their trap could run (no live master).
remove_stale() {
    local dir pid
    for dir in "${TMPDIR:-/tmp}"/sladesk-mail.*; do
        [ -d "$dir" ] || continue
        pid=$(head -n 1 "$dir/queue/pid/master.pid" 2>/dev/null | tr -d ' ' || true)
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
        if [ -n "$(find "$dir" -maxdepth 0 -mmin +1 2>/dev/null)" ]; then rm -rf "$dir" 2>/dev/null || true; fi
    done
}

WORK=""
cleanup() {
    local code=$?
    trap - EXIT INT TERM HUP
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        postfix -c "$WORK/conf" abort >/dev/null 2>&1 || true
        # abort signals the master; give it a moment to go before its files are removed.
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            pid=$(head -n 1 "$WORK/queue/pid/master.pid" 2>/dev/null | tr -d ' ' || true)
            [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        rm -rf "$WORK"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

remove_stale
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sladesk-mail.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK/conf" "$WORK/queue" "$WORK/data" "$WORK/mail"
MAIL_UID=$(id -u nobody)
MAIL_GID=$(id -g nobody)
chown "$MAIL_UID:$MAIL_GID" "$WORK/mail"
chown postfix: "$WORK/data"

# Any domain is "ours"; every recipient's mail goes to one Maildir (the trailing slash means Maildir; Postfix
# allows no $1 substitution in mailbox maps, and Delivered-To: tells the recipients apart).
echo '/^.*$/ OK' >"$WORK/conf/domains"
echo '/^.+$/ inbox/' >"$WORK/conf/mailboxes"
DESK_DOMAIN=desk.sladesk-test.invalid
echo '/@desk\.sladesk-test\.invalid$/ sladesk-mailgate:' >"$WORK/conf/transport"
mkdir -p "$WORK/mailgate"
chmod 755 "$WORK/mailgate"
cat >"$WORK/mailgate/run.sh" <<RUN
#!/bin/sh
# Postfix's pipe to the desk (see scripts/with-mailserver.sh): one message on stdin to sladesk mailgate.
target=$WORK/mailgate/target
if [ ! -r "\$target" ]; then
    echo "no mailgate target configured yet" >&2
    exit 75
fi
. "\$target"
exec "\$SLADESK_MAILGATE_BIN" mailgate --url "\$SLADESK_MAILGATE_URL" --token-file "\$SLADESK_MAILGATE_TOKEN_FILE"
RUN
chmod 755 "$WORK/mailgate/run.sh"

TLS=""
if command -v openssl >/dev/null 2>&1; then
    if openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
        -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
        -keyout "$WORK/conf/key.pem" -out "$WORK/conf/cert.pem" >/dev/null 2>&1; then
        chmod 600 "$WORK/conf/key.pem"
        TLS=1
    fi
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
    local port=$1
    cat >"$WORK/conf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $WORK/queue
data_directory = $WORK/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
maillog_file = $WORK/maillog
maillog_file_prefixes = $WORK
myhostname = mail.sladesk-test.invalid
mydomain = sladesk-test.invalid
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
local_recipient_maps =
relay_domains =
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
virtual_mailbox_domains = regexp:$WORK/conf/domains
virtual_mailbox_maps = regexp:$WORK/conf/mailboxes
virtual_mailbox_base = $WORK/mail
virtual_minimum_uid = 1
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID
transport_maps = regexp:$WORK/conf/transport
sladesk-mailgate_destination_recipient_limit = 1
# A deferred message (the mailgate answered 75) is retried within seconds, not Postfix's default minutes.
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
message_size_limit = 10240000
smtpd_banner = \$myhostname ESMTP sladesk test server
biff = no
append_dot_mydomain = no
EOF
    if [ -n "$TLS" ]; then
        cat >>"$WORK/conf/main.cf" <<EOF
smtpd_tls_cert_file = $WORK/conf/cert.pem
smtpd_tls_key_file = $WORK/conf/key.pem
smtpd_tls_security_level = may
EOF
    fi
    # Every service unchrooted (the chroot column is "n"): nothing needs copying into the queue directory.
    cat >"$WORK/conf/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n - n 60   1 pickup
cleanup   unix  n - n -    0 cleanup
qmgr      unix  n - n 300  1 qmgr
tlsmgr    unix  - - n 1000? 1 tlsmgr
rewrite   unix  - - n -    - trivial-rewrite
bounce    unix  - - n -    0 bounce
defer     unix  - - n -    0 bounce
trace     unix  - - n -    0 bounce
verify    unix  - - n -    1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n -    - proxymap
smtp      unix  - - n -    - smtp
relay     unix  - - n -    - smtp
showq     unix  n - n -    - showq
error     unix  - - n -    - error
retry     unix  - - n -    - error
discard   unix  - - n -    - discard
local     unix  - n n -    - local
virtual   unix  - n n -    - virtual
lmtp      unix  - - n -    - lmtp
anvil     unix  - - n -    1 anvil
scache    unix  - - n -    1 scache
postlog   unix-dgram n - n - 1 postlogd
sladesk-mailgate unix - n n - - pipe
  flags=Rq user=nobody argv=$WORK/mailgate/run.sh
EOF
}

PORT=""
for _ in 1 2 3 4 5 6 7 8; do
    candidate=$((20000 + RANDOM % 30000))
    port_in_use "$candidate" && continue
    write_config "$candidate"
    if postfix -c "$WORK/conf" start >"$WORK/start.log" 2>&1; then
        for _ in $(seq 1 50); do
            if port_in_use "$candidate"; then
                PORT=$candidate
                break
            fi
            sleep 0.1
        done
        [ -n "$PORT" ] && break
        postfix -c "$WORK/conf" abort >/dev/null 2>&1 || true
    fi
done
if [ -z "$PORT" ]; then
    cat "$WORK/start.log" >&2 2>/dev/null || true
    cat "$WORK/maillog" >&2 2>/dev/null || true
    echo "with-mailserver: could not start Postfix" >&2
    exit 1
fi

export SLADESK_TEST_SMTP_HOST=127.0.0.1
export SLADESK_TEST_SMTP_PORT=$PORT
export SLADESK_TEST_MAILDIR=$WORK/mail/inbox
export SLADESK_TEST_MAIL_LOG=$WORK/maillog
export SLADESK_TEST_MAILGATE_DIR=$WORK/mailgate
export SLADESK_TEST_DESK_DOMAIN=$DESK_DOMAIN
if [ -n "$TLS" ]; then export SLADESK_TEST_SMTP_CA=$WORK/conf/cert.pem; else unset SLADESK_TEST_SMTP_CA; fi

# Not exec: the trap must outlive the command. It runs in the background so that a TERM/INT sent to this
# script is passed on at once (bash defers traps while a foreground child runs); stdin stays the command's.
"$@" <&0 &
child=$!
trap 'kill -TERM "$child" 2>/dev/null || true' TERM
trap 'kill -INT "$child" 2>/dev/null || true' INT
trap 'kill -HUP "$child" 2>/dev/null || true' HUP
code=0
while :; do
    if wait "$child"; then code=0; else code=$?; fi
    kill -0 "$child" 2>/dev/null || break  # still running: wait was only interrupted by a signal
done
exit "$code"
