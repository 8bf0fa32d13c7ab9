package config

import (
	"strconv"

	"github.com/BurntSushi/toml"

	"github.com/mailtop/mailtop/l10n"
)

// keyPlace is the place of an unknown key: the top level of the file
// (table ""), or one table of an array table, numbered from 1 in file
// order.
type keyPlace struct {
	table string
	index int
}

// placedKeys are the unknown keys of one place, as written in it.
type placedKeys struct {
	place keyPlace
	keys  l10n.List
}

// unknownKeysError returns the error about the keys of the TOML document
// data that decoding into cfg left undecoded, as meta lists them. Each
// key is named in its place: at the top level, or in the numbered
// [[override]], [[alert]] or [[relay]] table. A table that is unknown as
// a whole, such as a misspelt [[overide]], is named once, without its
// keys.
func unknownKeysError(data string, meta toml.MetaData, cfg Config) error {
	undecoded := map[string]bool{}
	for _, key := range meta.Undecoded() {
		undecoded[key.String()] = true
	}
	// The generic decoding finds the table of an array table that each key
	// is in, for [[override]] tables and inline arrays such as
	// override = [{...}] alike. The decoding into cfg succeeded, so this
	// one is not expected to fail. If it does, the keys are named at the
	// top level.
	var document map[string]any
	if _, err := toml.Decode(data, &document); err != nil {
		document = nil
	}

	var found []placedKeys
	add := func(place keyPlace, key string) {
		for i := range found {
			if found[i].place == place {
				for _, known := range found[i].keys {
					if known == key {
						return
					}
				}
				found[i].keys = append(found[i].keys, key)
				return
			}
		}
		found = append(found, placedKeys{place, l10n.List{key}})
	}
	for _, key := range meta.Undecoded() {
		if len(key) > 1 && undecoded[toml.Key(key[:len(key)-1]).String()] {
			continue // inside a table that is unknown as a whole
		}
		indexes := arrayTableIndexes(document, key)
		if len(indexes) == 0 {
			add(keyPlace{}, key.String())
			continue
		}
		for _, index := range indexes {
			add(keyPlace{key[0], index}, toml.Key(key[1:]).String())
		}
	}

	errs := make(l10n.Sentences, len(found))
	for i, f := range found {
		errs[i] = placedKeysError(f, cfg)
	}
	return l10n.NewError("config.unknownKeys", map[string]any{"Errors": errs})
}

// arrayTables are the array tables of Config, whose errors name the
// table by its number.
var arrayTables = map[string]bool{"override": true, "alert": true, "relay": true}

// arrayTableIndexes returns the numbers, counted from 1, of the tables of
// the array table key[0] that contain the key key[1], or nil when key is
// not in one of the arrayTables of document.
func arrayTableIndexes(document map[string]any, key toml.Key) []int {
	if len(key) < 2 || !arrayTables[key[0]] {
		return nil
	}
	var tables []map[string]any
	switch value := document[key[0]].(type) {
	case []map[string]any:
		tables = value
	case []any:
		for _, element := range value {
			if table, ok := element.(map[string]any); ok {
				tables = append(tables, table)
			}
		}
	}
	var indexes []int
	for i, table := range tables {
		if _, ok := table[key[1]]; ok {
			indexes = append(indexes, i+1)
		}
	}
	return indexes
}

// placedKeysError returns the error about the unknown keys of one place,
// with the place in front of it as the other errors about that table
// name it. A [[relay]] table is named by its name, or by its number when
// it has none.
func placedKeysError(f placedKeys, cfg Config) error {
	id := "config.unknownKeyList"
	if len(f.keys) == 1 {
		id = "config.unknownKeyListOne"
	}
	err := l10n.NewError(id, map[string]any{"Keys": f.keys})
	index := f.place.index
	switch f.place.table {
	case "override":
		return l10n.NewError("config.override.rule", map[string]any{"Index": index, "Error": err})
	case "alert":
		return l10n.NewError("config.alert.rule", map[string]any{"Index": index, "Error": err})
	case "relay":
		if index <= len(cfg.Relays) && cfg.Relays[index-1].Name != "" {
			return l10n.NewError("config.relay.named", map[string]any{"Name": strconv.Quote(cfg.Relays[index-1].Name), "Error": err})
		}
		return l10n.NewError("config.relay.numbered", map[string]any{"Index": index, "Error": err})
	}
	return err
}
