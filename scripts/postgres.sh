# Sourced by scripts/test and scripts/with-postgres: starts a private PostgreSQL cluster for
# this run (Debian's `postgresql`): initdb and pg_ctl as the `postgres` user when run as root,
# listening only on a Unix socket in a temporary directory (no TCP port), its socket directory
# exported as VOICETRAIN_TEST_PG, stopped and removed by the caller's `cleanup` at exit.
# A second cluster, for the test of a store address that asks for TLS (PostgreSQL speaks TLS
# only over TCP), listens on a free loopback port and only with TLS, its server certificate for
# `localhost` signed by a CA made for this run: VOICETRAIN_TEST_PG_TLS_PORT and
# VOICETRAIN_TEST_PG_TLS_CA (the CA's certificate). Without initdb it says so, and
# VOICETRAIN_TEST_PG stays unset.
pg_bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)" 2>/dev/null || true)
if [ -x "$pg_bin/initdb" ] && { [ "$(id -u)" != 0 ] || id postgres >/dev/null 2>&1; }; then
  pg=$(mktemp -d)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pg"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pg_bin/initdb" -D "$pg/data" -A trust -U vt >/dev/null
  # The password tests' role logs in with one; every other role is trusted on the socket.
  printf 'local all vtpw scram-sha-256\nlocal all all trust\n' | "${as_pg[@]}" tee "$pg/data/pg_hba.conf" >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg/data" -l "$pg/log" -w \
    -o "-k $pg -c listen_addresses='' -c max_connections=200 -F" start >/dev/null
  cleanup+=("${as_pg[*]} $pg_bin/pg_ctl -D $pg/data -m immediate stop >/dev/null; rm -rf $pg")
  export VOICETRAIN_TEST_PG="$pg"
else
  echo "note: no PostgreSQL (initdb); PostgreSQL tests will be skipped" >&2
fi
if [ -n "${VOICETRAIN_TEST_PG:-}" ] && command -v openssl >/dev/null; then
  tls=$(mktemp -d)
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=voicetrain-test-ca \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=localhost \
    -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' >"$tls/ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 2 -extfile "$tls/ext" -out "$tls/server.crt" 2>/dev/null
  chmod 600 "$tls/server.key"
  if [ "$(id -u)" = 0 ]; then chown -R postgres "$tls"; fi
  tls_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$pg_bin/initdb" -D "$tls/data" -A trust -U vt >/dev/null
  printf 'hostssl all all 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 reject\nlocal all all trust\n' |
    "${as_pg[@]}" tee "$tls/data/pg_hba.conf" >/dev/null
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$tls/data" -l "$tls/log" -w \
    -o "-k $tls -c listen_addresses=127.0.0.1 -p $tls_port -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key -F" \
    start >/dev/null
  cleanup+=("${as_pg[*]} $pg_bin/pg_ctl -D $tls/data -m immediate stop >/dev/null; rm -rf $tls")
  export VOICETRAIN_TEST_PG_TLS_PORT="$tls_port" VOICETRAIN_TEST_PG_TLS_CA="$tls/ca.crt"
elif [ -n "${VOICETRAIN_TEST_PG:-}" ]; then
  echo "note: no openssl; the PostgreSQL TLS test will be skipped" >&2
fi

