//! The lab's in-memory data: users, orders, invoices, documents and login
//! sessions, seeded the same way every time a router is built.
//!
//! Everything here is plain data plus the few invariants the handlers rely on
//! (sequential order and invoice ids, deterministic UUIDs for documents, one
//! invoice per order). Authorization decisions are not made here: they live
//! in the handlers, next to the vulnerable/secure branch they belong to.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tokio::time::Instant;
use uuid::Uuid;

/// Namespace for the documents' version-5 UUIDs. Fixed so that the same
/// document gets the same id on every run (tests and docs can name it).
pub(crate) const DOCUMENT_NAMESPACE: Uuid =
    Uuid::from_u128(0x6d1f_4a7e_2c3b_5d80_9e41_b7a2_c5f0_3e19);

/// First id handed to an order; later orders count up from here.
pub(crate) const FIRST_ORDER_ID: u64 = 1001;
/// First id handed to an invoice; later invoices count up from here.
pub(crate) const FIRST_INVOICE_ID: u64 = 5001;

/// Live tokens one user may hold at once.
pub(crate) const MAX_SESSIONS_PER_USER: usize = 64;

/// Unit price for an item that is not in [`CATALOGUE`].
pub(crate) const DEFAULT_UNIT_CENTS: u64 = 1999;

/// The shop's price list: item name and unit price in cents.
pub(crate) const CATALOGUE: &[(&str, u64)] = &[
    ("Mechanical keyboard", 8999),
    ("USB-C dock", 12950),
    ("Noise-cancelling headphones", 19900),
    ("27-inch monitor", 27999),
    ("Laptop stand", 3495),
    ("Webcam", 6450),
    ("Ergonomic mouse", 4999),
    ("Desk lamp", 2999),
    ("Hardware security key", 5000),
];

/// Unit price of `item` in cents.
pub(crate) fn unit_price(item: &str) -> u64 {
    CATALOGUE
        .iter()
        .find(|(name, _)| *name == item)
        .map_or(DEFAULT_UNIT_CENTS, |(_, cents)| *cents)
}

/// A lab account. `password` is what login compares against; it is never
/// serialised (only the fake `password_hash` is, and only in vulnerable mode).
#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: u64,
    pub username: String,
    pub password: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub role: String,
    pub password_hash: String,
    pub mfa_secret: String,
    pub card_last4: String,
}

/// A user as the API shows it. The two secret fields are present only when
/// the caller asked for them (vulnerable mode); otherwise they are left out
/// of the JSON altogether, not sent as null.
#[derive(Debug, Serialize)]
pub(crate) struct Profile {
    pub id: u64,
    pub username: String,
    pub display_name: String,
    pub email: String,
    pub phone: String,
    pub address: String,
    pub role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mfa_secret: Option<String>,
}

impl User {
    /// The user's profile, with or without the credential material.
    pub fn profile(&self, with_secrets: bool) -> Profile {
        Profile {
            id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            address: self.address.clone(),
            role: self.role.clone(),
            password_hash: with_secrets.then(|| self.password_hash.clone()),
            mfa_secret: with_secrets.then(|| self.mfa_secret.clone()),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.role == "admin"
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Order {
    pub id: u64,
    pub owner_id: u64,
    pub item: String,
    pub quantity: u64,
    pub total_cents: u64,
    pub shipping_address: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Invoice {
    pub id: u64,
    pub owner_id: u64,
    pub order_id: u64,
    pub amount_cents: u64,
    pub card_last4: String,
    pub billing_address: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Document {
    pub id: Uuid,
    pub owner_id: u64,
    pub title: String,
    pub classification: String,
    pub content: String,
}

/// A live login: whose it is and when it stops working.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub user_id: u64,
    pub expires_at: Instant,
}

/// The whole lab state. One `Mutex<Store>` per router; no lock is held
/// across an `.await`.
#[derive(Debug)]
pub(crate) struct Store {
    pub users: BTreeMap<u64, User>,
    pub orders: BTreeMap<u64, Order>,
    pub invoices: BTreeMap<u64, Invoice>,
    pub documents: BTreeMap<Uuid, Document>,
    pub sessions: HashMap<String, Session>,
    next_order_id: u64,
    next_invoice_id: u64,
}

/// Seed data for one account: (username, password, role, display name,
/// email, phone, address, card last four).
struct SeedUser {
    username: &'static str,
    password: &'static str,
    role: &'static str,
    display_name: &'static str,
    email: &'static str,
    phone: &'static str,
    address: &'static str,
    card_last4: &'static str,
}

/// The seeded accounts. Phone numbers use the 555-01xx range reserved for
/// fiction, e-mail addresses the example.com domain reserved for docs.
const SEED_USERS: &[SeedUser] = &[
    SeedUser {
        username: "admin",
        password: "admin-lab-pass",
        role: "admin",
        display_name: "Lab Administrator",
        email: "admin@example.com",
        phone: "+1-202-555-0100",
        address: "1 Control Room, Operations Building, Springfield, IL 62701",
        card_last4: "0000",
    },
    SeedUser {
        username: "alice",
        password: "alice-lab-pass",
        role: "user",
        display_name: "Alice Archer",
        email: "alice@example.com",
        phone: "+1-202-555-0142",
        address: "12 Orchard Lane, Springfield, IL 62704",
        card_last4: "4242",
    },
    SeedUser {
        username: "bob",
        password: "bob-lab-pass",
        role: "user",
        display_name: "Bob Brennan",
        email: "bob@example.com",
        phone: "+1-202-555-0178",
        address: "48 Quarry Road, Shelbyville, IL 62565",
        card_last4: "1881",
    },
    SeedUser {
        username: "carol",
        password: "carol-lab-pass",
        role: "user",
        display_name: "Carol Chen",
        email: "carol@example.com",
        phone: "+1-202-555-0119",
        address: "7 Lighthouse Court, Capital City, IL 62629",
        card_last4: "5100",
    },
];

/// The public list of seeded logins, derived from [`SEED_USERS`] at compile
/// time so the two cannot drift apart.
pub(crate) const LOGINS: &[(&str, &str, &str)] = &{
    let mut out = [("", "", ""); SEED_USERS.len()];
    let mut i = 0;
    while i < SEED_USERS.len() {
        out[i] = (
            SEED_USERS[i].username,
            SEED_USERS[i].password,
            SEED_USERS[i].role,
        );
        i += 1;
    }
    out
};

/// Seeded orders per non-admin user: item, quantity, status.
const SEED_ORDERS: &[(&str, u64, &str)] = &[
    ("Mechanical keyboard", 1, "delivered"),
    ("USB-C dock", 2, "shipped"),
    ("Hardware security key", 3, "pending"),
    ("27-inch monitor", 1, "delivered"),
    ("Webcam", 1, "shipped"),
    ("Desk lamp", 4, "pending"),
    ("Noise-cancelling headphones", 1, "delivered"),
    ("Ergonomic mouse", 2, "shipped"),
    ("Laptop stand", 1, "pending"),
];

/// Seeded documents per non-admin user: title, classification, and a body
/// template in which `{name}` and `{phone}` are filled in.
const SEED_DOCUMENTS: &[(&str, &str, &str)] = &[
    (
        "Passport scan",
        "confidential",
        "Passport of {name}. Number P{digits}. Emergency contact {phone}.",
    ),
    (
        "Salary statement",
        "restricted",
        "Annual gross salary for {name}: USD {salary}. Paid to account ending {card}.",
    ),
];

/// A small deterministic generator (SplitMix64) so the fake secrets look
/// random but are the same on every run.
struct SplitMix(u64);

impl SplitMix {
    fn seeded(text: &str) -> Self {
        // FNV-1a of the seed text.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        SplitMix(h)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                // The modulo bias is irrelevant for fake data.
                let i = (self.next() % alphabet.len() as u64) as usize;
                char::from(alphabet[i])
            })
            .collect()
    }
}

const BCRYPT_ALPHABET: &[u8] = b"./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const BASE32_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A string shaped like a bcrypt hash (`$2b$12$`, 22 salt characters, 31 hash
/// characters). It is not a hash of anything: the lab never verifies it.
fn fake_bcrypt(seed: &str) -> String {
    let mut rng = SplitMix::seeded(&format!("bcrypt:{seed}"));
    format!("$2b$12${}", rng.text(BCRYPT_ALPHABET, 53))
}

/// A string shaped like a TOTP secret (160 bits in unpadded base32).
fn fake_totp_secret(seed: &str) -> String {
    let mut rng = SplitMix::seeded(&format!("totp:{seed}"));
    rng.text(BASE32_ALPHABET, 32)
}

impl Store {
    /// A fresh store with the seeded users, orders, invoices and documents.
    pub fn seeded() -> Self {
        let mut store = Store {
            users: BTreeMap::new(),
            orders: BTreeMap::new(),
            invoices: BTreeMap::new(),
            documents: BTreeMap::new(),
            sessions: HashMap::new(),
            next_order_id: FIRST_ORDER_ID,
            next_invoice_id: FIRST_INVOICE_ID,
        };
        for (i, seed) in SEED_USERS.iter().enumerate() {
            let id = i as u64 + 1;
            store.users.insert(
                id,
                User {
                    id,
                    username: seed.username.into(),
                    password: seed.password.into(),
                    display_name: seed.display_name.into(),
                    email: seed.email.into(),
                    phone: seed.phone.into(),
                    address: seed.address.into(),
                    role: seed.role.into(),
                    password_hash: fake_bcrypt(seed.username),
                    mfa_secret: fake_totp_secret(seed.username),
                    card_last4: seed.card_last4.into(),
                },
            );
        }
        let customers: Vec<u64> = store
            .users
            .values()
            .filter(|u| !u.is_admin())
            .map(|u| u.id)
            .collect();
        let mut seed_orders = SEED_ORDERS.iter();
        for &owner in &customers {
            for _ in 0..3 {
                let (item, quantity, status) = seed_orders
                    .next()
                    .expect("SEED_ORDERS has three entries per seeded customer");
                let order = store.create_order(owner, item, *quantity);
                if let Some(o) = store.orders.get_mut(&order.id) {
                    o.status = (*status).into();
                }
            }
        }
        for &owner in &customers {
            let user = store.users[&owner].clone();
            let mut rng = SplitMix::seeded(&format!("documents:{}", user.username));
            for (n, (title, classification, template)) in SEED_DOCUMENTS.iter().enumerate() {
                let name = format!("barraiser-lab/documents/{}/{}", user.username, n + 1);
                let id = Uuid::new_v5(&DOCUMENT_NAMESPACE, name.as_bytes());
                let content = template
                    .replace("{name}", &user.display_name)
                    .replace("{phone}", &user.phone)
                    .replace("{card}", &user.card_last4)
                    .replace("{digits}", &format!("{:08}", rng.next() % 100_000_000))
                    .replace(
                        "{salary}",
                        &format!("{}", 60_000 + (rng.next() % 90) * 1_000),
                    );
                store.documents.insert(
                    id,
                    Document {
                        id,
                        owner_id: owner,
                        title: (*title).into(),
                        classification: (*classification).into(),
                        content,
                    },
                );
            }
        }
        store
    }

    /// Places an order for `owner` and issues its invoice. The caller has
    /// already checked that `owner` exists and that the fields are valid.
    pub fn create_order(&mut self, owner: u64, item: &str, quantity: u64) -> Order {
        let user = &self.users[&owner];
        let order = Order {
            id: self.next_order_id,
            owner_id: owner,
            item: item.into(),
            quantity,
            total_cents: unit_price(item).saturating_mul(quantity),
            shipping_address: user.address.clone(),
            status: "pending".into(),
        };
        let invoice = Invoice {
            id: self.next_invoice_id,
            owner_id: owner,
            order_id: order.id,
            amount_cents: order.total_cents,
            card_last4: user.card_last4.clone(),
            billing_address: user.address.clone(),
        };
        self.next_order_id += 1;
        self.next_invoice_id += 1;
        self.orders.insert(order.id, order.clone());
        self.invoices.insert(invoice.id, invoice);
        order
    }

    /// The user with this login name, if any.
    pub fn user_by_name(&self, username: &str) -> Option<&User> {
        self.users.values().find(|u| u.username == username)
    }

    /// Records a new login. Expired sessions are dropped first, and a user
    /// holding [`MAX_SESSIONS_PER_USER`] live tokens loses the one closest to
    /// expiry, so a login loop cannot grow the table without bound.
    pub fn add_session(&mut self, token: String, session: Session, now: Instant) {
        self.sessions.retain(|_, s| s.expires_at > now);
        let mine = self
            .sessions
            .values()
            .filter(|s| s.user_id == session.user_id)
            .count();
        if mine >= MAX_SESSIONS_PER_USER {
            let oldest = self
                .sessions
                .iter()
                .filter(|(_, s)| s.user_id == session.user_id)
                .min_by_key(|(_, s)| s.expires_at)
                .map(|(t, _)| t.clone());
            if let Some(oldest) = oldest {
                self.sessions.remove(&oldest);
            }
        }
        self.sessions.insert(token, session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_deterministic_and_shaped_as_documented() {
        let a = Store::seeded();
        let b = Store::seeded();
        assert_eq!(a.users.len(), 4);
        assert_eq!(
            a.orders.keys().copied().collect::<Vec<_>>(),
            (1001..=1009).collect::<Vec<_>>()
        );
        assert_eq!(
            a.invoices.keys().copied().collect::<Vec<_>>(),
            (5001..=5009).collect::<Vec<_>>()
        );
        assert_eq!(a.documents.len(), 6);
        assert_eq!(
            a.documents.keys().collect::<Vec<_>>(),
            b.documents.keys().collect::<Vec<_>>()
        );
        for (ua, ub) in a.users.values().zip(b.users.values()) {
            assert_eq!(ua.password_hash, ub.password_hash);
            assert_eq!(ua.mfa_secret, ub.mfa_secret);
            assert!(ua.password_hash.starts_with("$2b$12$"));
            assert_eq!(ua.password_hash.len(), 60);
            assert_eq!(ua.mfa_secret.len(), 32);
        }
        for inv in a.invoices.values() {
            let order = &a.orders[&inv.order_id];
            assert_eq!(order.owner_id, inv.owner_id);
            assert_eq!(order.total_cents, inv.amount_cents);
        }
        // Admin owns nothing; each customer owns three orders, two documents.
        for user in a.users.values() {
            let orders = a.orders.values().filter(|o| o.owner_id == user.id).count();
            let docs = a
                .documents
                .values()
                .filter(|d| d.owner_id == user.id)
                .count();
            let expected = if user.is_admin() { (0, 0) } else { (3, 2) };
            assert_eq!((orders, docs), expected, "{}", user.username);
        }
    }

    #[test]
    fn sessions_are_capped_per_user_and_pruned() {
        let mut store = Store::seeded();
        let start = Instant::now();
        let ttl = std::time::Duration::from_secs(60);
        for n in 0..(MAX_SESSIONS_PER_USER as u32 + 10) {
            let at = start + std::time::Duration::from_millis(u64::from(n));
            let session = Session {
                user_id: 2,
                expires_at: at + ttl,
            };
            store.add_session(format!("alice-{n}"), session, at);
        }
        let bob = Session {
            user_id: 3,
            expires_at: start + ttl,
        };
        store.add_session("bob-0".into(), bob, start);
        assert_eq!(store.sessions.len(), MAX_SESSIONS_PER_USER + 1);
        // The oldest of alice's tokens went first; the newest are kept.
        assert!(!store.sessions.contains_key("alice-0"));
        assert!(!store.sessions.contains_key("alice-9"));
        assert!(store.sessions.contains_key("alice-10"));
        assert!(store.sessions.contains_key("bob-0"));
        // Once everything has expired, the next login clears the table.
        let later = start + ttl * 2;
        let carol = Session {
            user_id: 4,
            expires_at: later + ttl,
        };
        store.add_session("carol-0".into(), carol, later);
        assert_eq!(store.sessions.len(), 1);
    }

    #[test]
    fn logins_match_seed() {
        assert_eq!(LOGINS.len(), SEED_USERS.len());
        for ((u, p, _), seed) in LOGINS.iter().zip(SEED_USERS) {
            assert_eq!(*p, format!("{u}-lab-pass"));
            assert_eq!(*u, seed.username);
        }
    }
}
