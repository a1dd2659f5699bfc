//! A serde `Deserializer` over the product's parsed JSON ([`crate::json::Value`]), so the
//! derived output types read a response body without serde_json. Lenient as the product is on
//! output: unknown members are skipped by the derives (no `deny_unknown_fields` on outputs).

use alloc::string::{String, ToString};
use core::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;

use crate::json::{Str, Value};

/// serde's message, as text.
#[derive(Debug)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl core::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Integers that a JS number holds exactly are given as integers, the rest as floats.
const MAX_EXACT: f64 = 9.0e15;

pub struct De<'v, 'a>(pub &'v Value<'a>);

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) if crate::num::is_integral(*n) && n.abs() <= MAX_EXACT => {
                visitor.visit_i64(*n as i64)
            }
            Value::Number(n) => visitor.visit_f64(*n),
            Value::String(s) => visitor.visit_string(s.text().into_owned()),
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(members) => visitor.visit_map(Map {
                members: members.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct Seq<'v, 'a>(core::slice::Iter<'v, Value<'a>>);

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.0.next() {
            Some(v) => seed.deserialize(De(v)).map(Some),
            None => Ok(None),
        }
    }
}

struct Map<'v, 'a> {
    members: core::slice::Iter<'v, (Str<'a>, Value<'a>)>,
    value: Option<&'v Value<'a>>,
}

impl<'de> MapAccess<'de> for Map<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.members.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(de::value::StringDeserializer::<Error>::new(
                    key.text().into_owned(),
                ))
                .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => seed.deserialize(De(v)),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}
