-- Names-only baseline of data classification (issue 4, "Quality, measured"): what the simple
-- tools do. A dictionary of column-name patterns, each giving one of the 13 categories, in the
-- manner of postgresql_anonymizer's detect() (a dictionary of identifier names per language).
-- Our own list, not a copy: English plus the usual French, German and Spanish words, and common
-- abbreviations. It looks at the column name only: no type, comment, table name or value.
--
-- Written to be a fair baseline, not a strawman: it matches words inside longer names (snake_case
-- and camelCase split into words, long words also inside compounds such as "telefonnummer" or
-- "lieferadresse"), knows the usual abbreviations (dob, ssn, tel, pwd, plz, zip, cc_number), and
-- was written from general knowledge of such dictionaries, not tuned on labels.csv.
--
-- Rules are tried in rule_order; the first whose pattern matches the normalised name wins (so
-- "email_address" is an e-mail, not a street address, and "ip_address" an IP address).
-- Normalised name: camelCase split with "_", anything but letters and digits turned into "_",
-- lower case. Patterns are PostgreSQL regular expressions (ARE), matched case-insensitively;
-- (^|_) and (_|$) delimit a word.
--
-- Input: psql variable "schema" (default classify_bench). Output: tables
-- classify_eval.names_dictionary (the rules) and classify_eval.names_predictions (table_name,
-- column_name, category, pattern) for every ordinary and partitioned table of the schema
-- (partitions excluded, like classify_data()). Run: psql -v schema=classify_bench -f names_baseline.sql
\set ON_ERROR_STOP 1
\if :{?schema}
\else
\set schema classify_bench
\endif
SET client_min_messages = warning;
CREATE SCHEMA IF NOT EXISTS classify_eval;
DROP TABLE IF EXISTS classify_eval.names_dictionary, classify_eval.names_predictions;

CREATE TABLE classify_eval.names_dictionary (
    rule_order int PRIMARY KEY,
    category   text NOT NULL,
    pattern    text NOT NULL
);

INSERT INTO classify_eval.names_dictionary (rule_order, category, pattern) VALUES
-- password hashes: the password column itself (en, fr, de, es) and its abbreviations
(10,  'password_hash',  '(^|_)(pass|passwd|pwd|pw|pw_hash|mdp|mot_de_passe|passwort|kennwort|contrasena|contraseña|clave)(_|$)'),
(11,  'password_hash',  'password|passwort|kennwort|motdepasse|contrase'),
-- secrets: API keys, tokens, private keys, credentials
(20,  'secret',         '(^|_)(secret|secrets|token|tokens|api_?key|apikey|access_?key|secret_?key|private_?key|privkey|client_secret|credential|credentials|auth_?key|bearer|otp_?seed|totp|jwt)(_|$)'),
(21,  'secret',         'secret|token|apikey|privatekey|credential'),
-- payment cards
(30,  'credit_card',    '(^|_)(cc|cc_?num|cc_?number|ccn|pan|card_?num|card_?number|card_?no|card_?nr|numero_carte|num_carte|kartennummer|num_tarjeta|numero_tarjeta)(_|$)'),
(31,  'credit_card',    'credit_?card|creditcard|kreditkarte|carte_?bancaire|carte_?bleue|tarjeta_?credito|tarjeta'),
-- IBAN
(40,  'iban',           '(^|_)(iban)|iban(_|$)|bankverbindung|compte_?bancaire|cuenta_?bancaria'),
-- national identifiers (US, UK, FR, DE, ES and the generic words)
(50,  'national_id',    '(^|_)(ssn|sin|nin|nino|ni_?number|ni_?no|tin|tax_?id|taxpayer_?id|national_?id|id_?number|id_?card|passport|passport_?(no|number)|dni|nie|nif|nir|insee|numero_secu|num_secu|securite_sociale|steuer_?id|steuer_?nummer|steuernummer|personalausweis|ausweis_?nr|ausweisnummer|svnr|sv_?nummer)(_|$)'),
(51,  'national_id',    'social_?security|socialsecurity|national_?insurance|securite_?sociale|sozialversicherung|identifikationsnummer|documento_?identidad|seguridad_?social'),
-- e-mail (before addresses: "email_address", "adresse_mail")
(60,  'email',          '(^|_)(mail|e_mail|mel)(_|$)'),
(61,  'email',          'email|courriel|correo|e_?mail_?adresse|mailadresse'),
-- IP addresses (before addresses: "ip_address")
(70,  'ip_address',     '(^|_)(ip|ipv4|ipv6|ip_?addr|ipaddr|ip_?address|ipaddress|remote_?addr|remote_?ip|client_?ip|source_?ip|src_?ip|host_?ip)(_|$)'),
-- telephone numbers
(80,  'phone',          '(^|_)(tel|tél|tfn|fon|cell|cel|mob|fax|gsm|msisdn|portable|movil|móvil|celular|handy|mobil)(_|$)'),
(81,  'phone',          'phone|telephone|telefon|téléphone|teléfono|telefono|mobile|handynummer|mobilnummer|cellphone|fax_?num'),
-- dates of birth
(90,  'date_of_birth',  '(^|_)(dob|bday|d_o_b|born|born_on|geboren|fnac|f_nac|nacimiento)(_|$)'),
(91,  'date_of_birth',  'birth|geburt|naissance|nacimiento|cumple'),
-- postal codes
(100, 'postal_code',    '(^|_)(zip|zip_?code|zipcode|zip4|plz|postal|postcode|post_?code|cod_?postal|code_?postal|codigo_?postal|código_?postal)(_|$)'),
(101, 'postal_code',    'postal_?code|postcode|postleitzahl|code_?postal|codigo_?postal'),
-- street addresses
(110, 'street_address', '(^|_)(addr|address_?line\d*|street|rue|calle|domicilio|direccion|dirección|anschrift)(_|$)'),
(111, 'street_address', 'address|adresse|strasse|straße|street|direccion|dirección|domicile'),
-- people's names (a bare "name" is too often a product's or a company's: not taken)
(120, 'person_name',    '(^|_)(first|last|given|family|middle|maiden|full|sur|fore|christian|nick)_?name(_|$)'),
(121, 'person_name',    '(^|_)(fname|lname|firstname|lastname|fullname|surname|forename|givenname|familyname|nom|nom_?famille|nom_?naissance|prenom|prénom|prenoms|vorname|nachname|familienname|nombre|nombres|apellido|apellidos|nombre_?completo)(_|$)'),
(122, 'person_name',    '(^|_)(customer|client|contact|person|patient|employee|member|holder|card_?holder|cardholder|account_?holder|owner|recipient|sender|beneficiary|payee|guest|passenger)_?name(_|$)'),
(123, 'person_name',    'vorname|nachname|familienname|prenom|apellido'),
-- geolocation
(130, 'geolocation',    '(^|_)(lat|lng|lon|latitude|longitude|geo|geoloc|geolocation|gps|coords|coordinates|latlng|latlon|lat_?long|geopoint|geo_?point|breitengrad|laengengrad|längengrad)(_|$)'),
(131, 'geolocation',    'latitude|longitude|geoloc|coordinates|koordinaten|coordonnees|coordenadas');

-- One prediction per column: the first rule that matches its normalised name.
CREATE TABLE classify_eval.names_predictions AS
SELECT DISTINCT ON (c.oid, a.attnum)
       c.relname::text AS table_name, a.attname::text AS column_name, d.category, d.pattern
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  CROSS JOIN LATERAL (
        SELECT lower(regexp_replace(regexp_replace(a.attname, '([a-z0-9])([A-Z])', '\1_\2', 'g'),
                                    '[^[:alnum:]]+', '_', 'g')) AS normalised) nn
  JOIN classify_eval.names_dictionary d ON nn.normalised ~* d.pattern
 WHERE n.nspname = :'schema' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
 ORDER BY c.oid, a.attnum, d.rule_order;
