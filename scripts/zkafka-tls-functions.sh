# shellcheck shell=bash
# Makes a throwaway certificate authority and the key and trust stores a local TLS cluster needs,
# with the JDK's keytool only; sourced by quickstart.sh --secure, never run on its own. Everything
# is PKCS12 with one random store password, written with mode 600 into the folder given.

# make_tls_stores DIR NAME... : DIR/ca.p12 (the CA's key), DIR/ca.crt, DIR/truststore.p12 (the CA's
# certificate), and for each NAME a DIR/NAME.keystore.p12 whose certificate (CN=NAME, valid for
# 127.0.0.1 and localhost) the CA signed; the store password is written to DIR/store.password.
make_tls_stores() {
  local dir="$1" name password
  shift
  mkdir -p -- "$dir"
  chmod 700 "$dir"
  password="$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)"
  (umask 077 && printf '%s\n' "$password" > "$dir/store.password")
  keytool -genkeypair -keystore "$dir/ca.p12" -storetype PKCS12 -storepass "$password" -alias ca \
    -dname "CN=ZKafka quickstart CA" -keyalg EC -groupname secp256r1 -validity 30 \
    -ext bc:c -ext ku:c=keyCertSign,cRLSign > /dev/null 2>&1 || die "keytool could not make the CA key"
  keytool -exportcert -keystore "$dir/ca.p12" -storepass "$password" -alias ca -rfc -file "$dir/ca.crt" \
    > /dev/null 2>&1 || die "keytool could not export the CA certificate"
  keytool -importcert -keystore "$dir/truststore.p12" -storetype PKCS12 -storepass "$password" -alias ca \
    -file "$dir/ca.crt" -noprompt > /dev/null 2>&1 || die "keytool could not make the trust store"
  for name in "$@"; do
    local store="$dir/$name.keystore.p12"
    keytool -genkeypair -keystore "$store" -storetype PKCS12 -storepass "$password" -alias "$name" \
      -dname "CN=$name" -keyalg EC -groupname secp256r1 -validity 30 > /dev/null 2>&1 \
      || die "keytool could not make the key of $name"
    keytool -certreq -keystore "$store" -storepass "$password" -alias "$name" -file "$dir/$name.csr" \
      > /dev/null 2>&1 || die "keytool could not make the certificate request of $name"
    keytool -gencert -keystore "$dir/ca.p12" -storepass "$password" -alias ca -infile "$dir/$name.csr" \
      -outfile "$dir/$name.crt" -rfc -validity 30 -ext "san=ip:127.0.0.1,dns:localhost" \
      -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth > /dev/null 2>&1 \
      || die "keytool could not sign the certificate of $name"
    keytool -importcert -keystore "$store" -storepass "$password" -alias ca -file "$dir/ca.crt" -noprompt \
      > /dev/null 2>&1 || die "keytool could not add the CA to the key store of $name"
    keytool -importcert -keystore "$store" -storepass "$password" -alias "$name" -file "$dir/$name.crt" \
      > /dev/null 2>&1 || die "keytool could not add the signed certificate of $name"
    rm -f -- "$dir/$name.csr"
    chmod 600 "$store"
  done
  chmod 600 "$dir/ca.p12" "$dir/truststore.p12"
}
