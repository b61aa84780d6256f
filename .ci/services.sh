#!/usr/bin/env bash
# Start PostgreSQL and Redis when they are down; install system packages the suite needs.
set -euo pipefail

if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
fi
if ! command -v msgfmt >/dev/null; then
  apt-get update -qq && apt-get install -y -qq gettext
fi
# Browser and HTML checks (syndication): Debian's Chromium + chromedriver, npm for axe-core,
# Java for the Nu HTML Checker. Never a downloaded browser.
web_missing=()
command -v chromium >/dev/null || web_missing+=(chromium chromium-driver)
command -v npm >/dev/null || web_missing+=(npm)
command -v java >/dev/null || web_missing+=(default-jre-headless)
if [ ${#web_missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${web_missing[@]}"
fi
# The XMLTV DTD (/usr/share/xmltv/xmltv.dtd): the schedule's XMLTV export is validated against it.
if [ ! -f /usr/share/xmltv/xmltv.dtd ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xmltv-util
fi
# ffmpeg/ffprobe: the transcode app probes and transcodes uploaded episodes (and its tests do).
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg
fi
# espeak-ng: the listen app reads articles aloud with it (and its tests do).
if ! command -v espeak-ng >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng
fi
# libmagic: uploaded documents are checked against their extension (core.documents).
if ! ldconfig -p | grep -q 'libmagic\.so\.1'; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libmagic1
fi
# ICU: PyICU (core.khmer, the Khmer search) builds against libicu-dev, found by pkg-config.
if ! pkg-config --exists icu-i18n 2>/dev/null || ! command -v c++ >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config g++
fi
# nginx: the production-stack tests (edgecache) and the metrics beacon tests run real ones.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt-get update -qq && apt-get install -y -qq nginx
fi
