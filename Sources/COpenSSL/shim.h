// The one place for OpenSSL glue: macros and inline helpers the Swift importer cannot see.
// Every symbol is prefixed lync_ so none shadows an OpenSSL name.
#ifndef LYNC_COPENSSL_SHIM_H
#define LYNC_COPENSSL_SHIM_H

#include <openssl/opensslv.h>
#if OPENSSL_VERSION_NUMBER < 0x30000000L
#error "lynccert needs OpenSSL 3.0 or newer (Debian: apt-get install libssl-dev)"
#endif

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/provider.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>

static inline long lync_BIO_get_mem_data(BIO *bio, char **out) { return BIO_get_mem_data(bio, out); }
static inline void lync_OPENSSL_free(void *p) { OPENSSL_free(p); }

static inline int lync_sk_GENERAL_NAME_num(const STACK_OF(GENERAL_NAME) *sk) { return sk_GENERAL_NAME_num(sk); }
static inline GENERAL_NAME *lync_sk_GENERAL_NAME_value(const STACK_OF(GENERAL_NAME) *sk, int i) {
    return sk_GENERAL_NAME_value(sk, i);
}
static inline void lync_GENERAL_NAMES_free(STACK_OF(GENERAL_NAME) *sk) { GENERAL_NAMES_free(sk); }

static inline STACK_OF(X509) *lync_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int lync_sk_X509_num(const STACK_OF(X509) *sk) { return sk_X509_num(sk); }
static inline X509 *lync_sk_X509_value(const STACK_OF(X509) *sk, int i) { return sk_X509_value(sk, i); }
static inline int lync_sk_X509_push(STACK_OF(X509) *sk, X509 *x) { return sk_X509_push(sk, x); }
static inline void lync_sk_X509_pop_free(STACK_OF(X509) *sk) { sk_X509_pop_free(sk, X509_free); }
static inline void lync_sk_X509_free(STACK_OF(X509) *sk) { sk_X509_free(sk); }

static inline long lync_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

// ---- Crypto module helpers (keys, CSRs, certificates, PKCS#12) ----
// Why each exists: EVP_PKEY_Q_keygen is variadic; STACK_OF(...) accessors and PKCS7/DIST_POINT
// member access are macros or unions the Swift importer cannot use.

#include <openssl/decoder.h>

static inline EVP_PKEY *lync_keygen_rsa(size_t bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits); }
static inline EVP_PKEY *lync_keygen_ec(const char *group) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", group);
}

static inline BIO *lync_BIO_new_mem(void) { return BIO_new(BIO_s_mem()); }

static inline int lync_sk_GENERAL_NAME_push(STACK_OF(GENERAL_NAME) *sk, GENERAL_NAME *gn) {
    return sk_GENERAL_NAME_push(sk, gn);
}
static inline STACK_OF(GENERAL_NAME) *lync_GENERAL_NAMES_new(void) { return sk_GENERAL_NAME_new_null(); }

static inline STACK_OF(ASN1_OBJECT) *lync_sk_ASN1_OBJECT_new_null(void) { return sk_ASN1_OBJECT_new_null(); }
static inline int lync_sk_ASN1_OBJECT_push(STACK_OF(ASN1_OBJECT) *sk, ASN1_OBJECT *o) {
    return sk_ASN1_OBJECT_push(sk, o);
}
static inline int lync_sk_ASN1_OBJECT_num(const STACK_OF(ASN1_OBJECT) *sk) { return sk_ASN1_OBJECT_num(sk); }
static inline ASN1_OBJECT *lync_sk_ASN1_OBJECT_value(const STACK_OF(ASN1_OBJECT) *sk, int i) {
    return sk_ASN1_OBJECT_value(sk, i);
}
static inline void lync_sk_ASN1_OBJECT_pop_free(STACK_OF(ASN1_OBJECT) *sk) {
    sk_ASN1_OBJECT_pop_free(sk, ASN1_OBJECT_free);
}

static inline STACK_OF(X509_EXTENSION) *lync_sk_X509_EXTENSION_new_null(void) {
    return sk_X509_EXTENSION_new_null();
}
static inline int lync_sk_X509_EXTENSION_num(const STACK_OF(X509_EXTENSION) *sk) { return sk_X509_EXTENSION_num(sk); }
static inline void lync_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *sk) {
    sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
}

static inline int lync_BASIC_CONSTRAINTS_is_ca(const BASIC_CONSTRAINTS *bc) { return bc->ca ? 1 : 0; }
static inline long lync_BASIC_CONSTRAINTS_pathlen(const BASIC_CONSTRAINTS *bc) {
    return bc->pathlen ? ASN1_INTEGER_get(bc->pathlen) : -1;
}

static inline int lync_sk_DIST_POINT_num(const STACK_OF(DIST_POINT) *sk) { return sk_DIST_POINT_num(sk); }
static inline DIST_POINT *lync_sk_DIST_POINT_value(const STACK_OF(DIST_POINT) *sk, int i) {
    return sk_DIST_POINT_value(sk, i);
}
/// The fullName GENERAL_NAMES of a distribution point, or NULL (relative names, or none).
static inline GENERAL_NAMES *lync_DIST_POINT_fullname(const DIST_POINT *dp) {
    if (dp->distpoint == NULL || dp->distpoint->type != 0) return NULL;
    return dp->distpoint->name.fullname;
}
static inline void lync_CRL_DIST_POINTS_free(STACK_OF(DIST_POINT) *sk) { sk_DIST_POINT_pop_free(sk, DIST_POINT_free); }

static inline int lync_sk_ACCESS_DESCRIPTION_num(const AUTHORITY_INFO_ACCESS *sk) {
    return sk_ACCESS_DESCRIPTION_num(sk);
}
static inline int lync_ACCESS_DESCRIPTION_method_nid(const AUTHORITY_INFO_ACCESS *sk, int i) {
    return OBJ_obj2nid(sk_ACCESS_DESCRIPTION_value(sk, i)->method);
}
static inline GENERAL_NAME *lync_ACCESS_DESCRIPTION_location(const AUTHORITY_INFO_ACCESS *sk, int i) {
    return sk_ACCESS_DESCRIPTION_value(sk, i)->location;
}

static inline int lync_sk_PKCS7_num(const STACK_OF(PKCS7) *sk) { return sk_PKCS7_num(sk); }
static inline PKCS7 *lync_sk_PKCS7_value(const STACK_OF(PKCS7) *sk, int i) { return sk_PKCS7_value(sk, i); }
static inline void lync_sk_PKCS7_pop_free(STACK_OF(PKCS7) *sk) { sk_PKCS7_pop_free(sk, PKCS7_free); }
static inline int lync_PKCS7_type_nid(const PKCS7 *p7) { return OBJ_obj2nid(p7->type); }
/// The certificates of a signedData PKCS#7 (borrowed), or NULL for other content types.
static inline STACK_OF(X509) *lync_PKCS7_signed_certs(const PKCS7 *p7) {
    if (OBJ_obj2nid(p7->type) != NID_pkcs7_signed || p7->d.sign == NULL) return NULL;
    return p7->d.sign->cert;
}
/// The content-encryption algorithm of an encryptedData PKCS#7 (borrowed), or NULL.
static inline const X509_ALGOR *lync_PKCS7_encrypted_algorithm(const PKCS7 *p7) {
    if (OBJ_obj2nid(p7->type) != NID_pkcs7_encrypted || p7->d.encrypted == NULL
        || p7->d.encrypted->enc_data == NULL) return NULL;
    return p7->d.encrypted->enc_data->algorithm;
}

static inline int lync_sk_PKCS12_SAFEBAG_num(const STACK_OF(PKCS12_SAFEBAG) *sk) { return sk_PKCS12_SAFEBAG_num(sk); }
static inline PKCS12_SAFEBAG *lync_sk_PKCS12_SAFEBAG_value(const STACK_OF(PKCS12_SAFEBAG) *sk, int i) {
    return sk_PKCS12_SAFEBAG_value(sk, i);
}
static inline void lync_sk_PKCS12_SAFEBAG_pop_free(STACK_OF(PKCS12_SAFEBAG) *sk) {
    sk_PKCS12_SAFEBAG_pop_free(sk, PKCS12_SAFEBAG_free);
}

/// The cipher of a PBES2 AlgorithmIdentifier's parameters (NID_undef when not PBES2 or unreadable).
static inline int lync_PBES2_cipher_nid(const X509_ALGOR *alg) {
    const ASN1_OBJECT *obj = NULL; int ptype = 0; const void *pval = NULL;
    X509_ALGOR_get0(&obj, &ptype, &pval, alg);
    if (OBJ_obj2nid(obj) != NID_pbes2 || ptype != V_ASN1_SEQUENCE) return NID_undef;
    ASN1_TYPE params;
    params.type = ptype;
    params.value.sequence = (ASN1_STRING *)pval;
    PBE2PARAM *p = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), &params);
    if (p == NULL) return NID_undef;
    int nid = OBJ_obj2nid(p->encryption->algorithm);
    PBE2PARAM_free(p);
    return nid;
}
/// The iteration count in a password-based encryption AlgorithmIdentifier, read from its
/// parameters without deriving any key: PKCS#12 / PKCS#5 v1.5 PBE (PBEParameter) or PBES2 with
/// PBKDF2. 0 for an algorithm that is not iteration-based (scrypt bounds itself by memory);
/// -1 when the parameters cannot be read or the count does not fit in 64 bits.
static inline int64_t lync_pbe_iterations(const X509_ALGOR *alg) {
    const ASN1_OBJECT *obj = NULL; int ptype = 0; const void *pval = NULL;
    X509_ALGOR_get0(&obj, &ptype, &pval, alg);
    int nid = OBJ_obj2nid(obj);
    ASN1_TYPE params;
    params.type = ptype;
    params.value.sequence = (ASN1_STRING *)pval;
    int64_t iterations = -1;
    if (nid == NID_pbes2) {
        if (ptype != V_ASN1_SEQUENCE) return -1;
        PBE2PARAM *p = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), &params);
        if (p == NULL) return -1;
        if (p->keyfunc != NULL && OBJ_obj2nid(p->keyfunc->algorithm) == NID_id_pbkdf2) {
            PBKDF2PARAM *k = p->keyfunc->parameter == NULL ? NULL
                : ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), p->keyfunc->parameter);
            if (k != NULL) {
                if (k->iter == NULL || ASN1_INTEGER_get_int64(&iterations, k->iter) != 1) iterations = -1;
                PBKDF2PARAM_free(k);
            }
        } else {
            iterations = 0;
        }
        PBE2PARAM_free(p);
        return iterations;
    }
    if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, NULL, NULL, NULL) != 1) return 0;
    if (ptype != V_ASN1_SEQUENCE) return -1;
    PBEPARAM *p = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), &params);
    if (p == NULL) return -1;
    if (p->iter == NULL || ASN1_INTEGER_get_int64(&iterations, p->iter) != 1) iterations = -1;
    PBEPARAM_free(p);
    return iterations;
}
/// The MacData iteration count of a PKCS#12 (1 when absent, as RFC 7292 defaults it), -1 when
/// it does not fit in 64 bits; 0 when the file has no MAC.
static inline int64_t lync_PKCS12_mac_iterations(const PKCS12 *p12) {
    if (PKCS12_mac_present(p12) != 1) return 0;
    const ASN1_INTEGER *iter = NULL;
    PKCS12_get0_mac(NULL, NULL, NULL, &iter, p12);
    if (iter == NULL) return 1;
    int64_t value = -1;
    return ASN1_INTEGER_get_int64(&value, iter) == 1 ? value : -1;
}
static inline int lync_X509_ALGOR_nid(const X509_ALGOR *alg) {
    const ASN1_OBJECT *obj = NULL;
    X509_ALGOR_get0(&obj, NULL, NULL, alg);
    return OBJ_obj2nid(obj);
}
/// The block size of the cipher a password-based encryption AlgorithmIdentifier names (PBES2's
/// encryption scheme, or the cipher of a PKCS#12 / PKCS#5 v1.5 PBE); 0 when it names none known.
static inline int lync_pbe_cipher_block_size(const X509_ALGOR *alg) {
    int nid = lync_X509_ALGOR_nid(alg);
    int cipher_nid = NID_undef;
    if (nid == NID_pbes2) {
        cipher_nid = lync_PBES2_cipher_nid(alg);
    } else if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, &cipher_nid, NULL, NULL) != 1) {
        return 0;
    }
    const EVP_CIPHER *cipher = cipher_nid == NID_undef ? NULL : EVP_get_cipherbynid(cipher_nid);
    return cipher == NULL ? 0 : EVP_CIPHER_get_block_size(cipher);
}

// TLS probe (lynccert audit): SSL_CTX_set_min_proto_version is a macro over SSL_CTX_ctrl.
static inline long lync_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}

#endif
