/**
 * Countries as ISO 3166-1 alpha-2 codes, from a code or from a name the way
 * lists and clients write it ("Korea, North", "Burma", "Cote d Ivoire",
 * "Russian Federation"). A query gives a code (or a name); the list gives
 * names; both meet as codes, so "KP" corroborates "Korea, North".
 *
 * The table holds every ISO code with its English short name, then the other
 * names OFAC and common usage give the same country. Regions OFAC names
 * without a country of their own ("Region: Crimea", "Region: Gaza") map to the
 * country they lie in by ISO's reckoning; "undetermined" maps to nothing.
 */
const table: readonly (readonly [code: string, ...names: string[]])[] = [
  ['AD', 'Andorra'], ['AE', 'United Arab Emirates', 'UAE'], ['AF', 'Afghanistan'], ['AG', 'Antigua and Barbuda'],
  ['AI', 'Anguilla'], ['AL', 'Albania'], ['AM', 'Armenia'], ['AO', 'Angola'], ['AQ', 'Antarctica'], ['AR', 'Argentina'],
  ['AS', 'American Samoa'], ['AT', 'Austria'], ['AU', 'Australia'], ['AW', 'Aruba'], ['AX', 'Aland Islands'], ['AZ', 'Azerbaijan'],
  ['BA', 'Bosnia and Herzegovina', 'Bosnia-Herzegovina', 'Bosnia'], ['BB', 'Barbados'], ['BD', 'Bangladesh'], ['BE', 'Belgium'],
  ['BF', 'Burkina Faso'], ['BG', 'Bulgaria'], ['BH', 'Bahrain'], ['BI', 'Burundi'], ['BJ', 'Benin'], ['BL', 'Saint Barthelemy'],
  ['BM', 'Bermuda'], ['BN', 'Brunei', 'Brunei Darussalam'], ['BO', 'Bolivia'], ['BQ', 'Bonaire, Sint Eustatius and Saba'],
  ['BR', 'Brazil'], ['BS', 'Bahamas', 'Bahamas, The', 'The Bahamas'], ['BT', 'Bhutan'], ['BV', 'Bouvet Island'], ['BW', 'Botswana'],
  ['BY', 'Belarus'], ['BZ', 'Belize'], ['CA', 'Canada'], ['CC', 'Cocos (Keeling) Islands'],
  ['CD', 'Congo, Democratic Republic of the', 'Democratic Republic of the Congo', 'DR Congo', 'Congo-Kinshasa', 'Zaire'],
  ['CF', 'Central African Republic'], ['CG', 'Congo, Republic of the', 'Republic of the Congo', 'Congo', 'Congo-Brazzaville'],
  ['CH', 'Switzerland'], ['CI', "Cote d'Ivoire", 'Cote d Ivoire', 'Ivory Coast'], ['CK', 'Cook Islands'], ['CL', 'Chile'],
  ['CM', 'Cameroon'], ['CN', 'China', "People's Republic of China", 'PRC'], ['CO', 'Colombia'], ['CR', 'Costa Rica'], ['CU', 'Cuba'],
  ['CV', 'Cabo Verde', 'Cape Verde'], ['CW', 'Curacao'], ['CX', 'Christmas Island'], ['CY', 'Cyprus'],
  ['CZ', 'Czechia', 'Czech Republic'], ['DE', 'Germany'], ['DJ', 'Djibouti'], ['DK', 'Denmark'], ['DM', 'Dominica'],
  ['DO', 'Dominican Republic'], ['DZ', 'Algeria'], ['EC', 'Ecuador'], ['EE', 'Estonia'], ['EG', 'Egypt'], ['EH', 'Western Sahara'],
  ['ER', 'Eritrea'], ['ES', 'Spain'], ['ET', 'Ethiopia'], ['FI', 'Finland'], ['FJ', 'Fiji'], ['FK', 'Falkland Islands'],
  ['FM', 'Micronesia', 'Micronesia, Federated States of'], ['FO', 'Faroe Islands'], ['FR', 'France'], ['GA', 'Gabon'],
  ['GB', 'United Kingdom', 'UK', 'Great Britain', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'], ['GD', 'Grenada'],
  ['GE', 'Georgia'], ['GF', 'French Guiana'], ['GG', 'Guernsey'], ['GH', 'Ghana'], ['GI', 'Gibraltar'], ['GL', 'Greenland'],
  ['GM', 'Gambia', 'The Gambia', 'Gambia, The'], ['GN', 'Guinea'], ['GP', 'Guadeloupe'], ['GQ', 'Equatorial Guinea'], ['GR', 'Greece'],
  ['GS', 'South Georgia and the South Sandwich Islands'], ['GT', 'Guatemala'], ['GU', 'Guam'], ['GW', 'Guinea-Bissau'], ['GY', 'Guyana'],
  ['HK', 'Hong Kong'], ['HM', 'Heard Island and McDonald Islands'], ['HN', 'Honduras'], ['HR', 'Croatia'], ['HT', 'Haiti'],
  ['HU', 'Hungary'], ['ID', 'Indonesia'], ['IE', 'Ireland'], ['IL', 'Israel'], ['IM', 'Isle of Man'], ['IN', 'India'],
  ['IO', 'British Indian Ocean Territory'], ['IQ', 'Iraq'], ['IR', 'Iran', 'Iran, Islamic Republic of'], ['IS', 'Iceland'], ['IT', 'Italy'],
  ['JE', 'Jersey'], ['JM', 'Jamaica'], ['JO', 'Jordan'], ['JP', 'Japan'], ['KE', 'Kenya'], ['KG', 'Kyrgyzstan'], ['KH', 'Cambodia'],
  ['KI', 'Kiribati'], ['KM', 'Comoros'], ['KN', 'Saint Kitts and Nevis'],
  ['KP', 'Korea, North', 'North Korea', "Korea, Democratic People's Republic of", "Democratic People's Republic of Korea", 'DPRK'],
  ['KR', 'Korea, South', 'South Korea', 'Korea, Republic of', 'Republic of Korea', 'Korea'], ['KW', 'Kuwait'], ['KY', 'Cayman Islands'],
  ['KZ', 'Kazakhstan'], ['LA', 'Laos', "Lao People's Democratic Republic"], ['LB', 'Lebanon'], ['LC', 'Saint Lucia'],
  ['LI', 'Liechtenstein'], ['LK', 'Sri Lanka'], ['LR', 'Liberia'], ['LS', 'Lesotho'], ['LT', 'Lithuania'], ['LU', 'Luxembourg'],
  ['LV', 'Latvia'], ['LY', 'Libya'], ['MA', 'Morocco'], ['MC', 'Monaco'], ['MD', 'Moldova', 'Moldova, Republic of'],
  ['ME', 'Montenegro'], ['MF', 'Saint Martin'], ['MG', 'Madagascar'], ['MH', 'Marshall Islands'],
  ['MK', 'North Macedonia', 'Macedonia', 'Macedonia, The Former Yugoslav Republic of'], ['ML', 'Mali', 'Region: Northern Mali'],
  ['MM', 'Burma', 'Myanmar'], ['MN', 'Mongolia'], ['MO', 'Macau', 'Macao'], ['MP', 'Northern Mariana Islands'], ['MQ', 'Martinique'],
  ['MR', 'Mauritania'], ['MS', 'Montserrat'], ['MT', 'Malta'], ['MU', 'Mauritius'], ['MV', 'Maldives'], ['MW', 'Malawi'],
  ['MX', 'Mexico'], ['MY', 'Malaysia'], ['MZ', 'Mozambique'], ['NA', 'Namibia'], ['NC', 'New Caledonia'], ['NE', 'Niger'],
  ['NF', 'Norfolk Island'], ['NG', 'Nigeria'], ['NI', 'Nicaragua'], ['NL', 'Netherlands', 'The Netherlands', 'Holland'], ['NO', 'Norway'],
  ['NP', 'Nepal'], ['NR', 'Nauru'], ['NU', 'Niue'], ['NZ', 'New Zealand'], ['OM', 'Oman'], ['PA', 'Panama'], ['PE', 'Peru'],
  ['PF', 'French Polynesia'], ['PG', 'Papua New Guinea'], ['PH', 'Philippines', 'Phillipines'], ['PK', 'Pakistan'], ['PL', 'Poland'],
  ['PM', 'Saint Pierre and Miquelon'], ['PN', 'Pitcairn'], ['PR', 'Puerto Rico'],
  ['PS', 'Palestine', 'Palestinian', 'Palestinian Territories', 'West Bank', 'Gaza', 'Region: Gaza'], ['PT', 'Portugal'], ['PW', 'Palau'],
  ['PY', 'Paraguay'], ['QA', 'Qatar'], ['RE', 'Reunion'], ['RO', 'Romania'], ['RS', 'Serbia'], ['RU', 'Russia', 'Russian Federation'],
  ['RW', 'Rwanda'], ['SA', 'Saudi Arabia'], ['SB', 'Solomon Islands'], ['SC', 'Seychelles'], ['SD', 'Sudan', 'Region: Kafia Kingi'],
  ['SE', 'Sweden'], ['SG', 'Singapore'], ['SH', 'Saint Helena'], ['SI', 'Slovenia'], ['SJ', 'Svalbard and Jan Mayen'],
  ['SK', 'Slovakia'], ['SL', 'Sierra Leone'], ['SM', 'San Marino'], ['SN', 'Senegal'], ['SO', 'Somalia'], ['SR', 'Suriname'],
  ['SS', 'South Sudan'], ['ST', 'Sao Tome and Principe'], ['SV', 'El Salvador'], ['SX', 'Sint Maarten'],
  ['SY', 'Syria', 'Syrian Arab Republic'], ['SZ', 'Eswatini', 'Swaziland'], ['TC', 'Turks and Caicos Islands'], ['TD', 'Chad'],
  ['TF', 'French Southern Territories'], ['TG', 'Togo'], ['TH', 'Thailand'], ['TJ', 'Tajikistan'], ['TK', 'Tokelau'],
  ['TL', 'Timor-Leste', 'East Timor'], ['TM', 'Turkmenistan'], ['TN', 'Tunisia'], ['TO', 'Tonga'], ['TR', 'Turkey', 'Turkiye'],
  ['TT', 'Trinidad and Tobago'], ['TV', 'Tuvalu'], ['TW', 'Taiwan'], ['TZ', 'Tanzania', 'Tanzania, United Republic of'],
  ['UA', 'Ukraine', 'Region: Crimea', 'Crimea'], ['UG', 'Uganda'], ['UM', 'United States Minor Outlying Islands'],
  ['US', 'United States', 'United States of America', 'USA', 'U.S.A.', 'U.S.'], ['UY', 'Uruguay'], ['UZ', 'Uzbekistan'],
  ['VA', 'Holy See', 'Vatican City'], ['VC', 'Saint Vincent and the Grenadines'], ['VE', 'Venezuela'],
  ['VG', 'Virgin Islands, British', 'British Virgin Islands'], ['VI', 'Virgin Islands, U.S.', 'US Virgin Islands'],
  ['VN', 'Vietnam', 'Viet Nam'], ['VU', 'Vanuatu'], ['WF', 'Wallis and Futuna'], ['WS', 'Samoa'], ['XK', 'Kosovo'], ['YE', 'Yemen'],
  ['YT', 'Mayotte'], ['ZA', 'South Africa'], ['ZM', 'Zambia'], ['ZW', 'Zimbabwe'],
  // Gone from ISO 3166-1 but still in lists: kept under the code ISO reserved for them.
  ['AN', 'Netherlands Antilles'], ['YU', 'Yugoslavia'],
]

/** Lower case, letters and digits only, so "Cote d'Ivoire", "Cote d Ivoire" and "COTE D IVOIRE" meet. */
const key = (name: string) => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '')

const byCode = new Map<string, string>()
const byName = new Map<string, string>()
for (const [code, ...names] of table) {
  byCode.set(code, names[0]!)
  for (const name of names) byName.set(key(name), code)
}

/** The ISO 3166-1 alpha-2 code of a country given as a code or a name; undefined when it is neither. */
export function countryCodeOf(country: string): string | undefined {
  const trimmed = country.trim()
  if (/^[A-Za-z]{2}$/.test(trimmed) && byCode.has(trimmed.toUpperCase())) return trimmed.toUpperCase()
  return byName.get(key(trimmed.replace(/^possibly\s+/i, '')))
}

/** The English short name of a code, for explanations; the code itself when unknown. */
export function countryNameOf(code: string): string {
  return byCode.get(code) ?? code
}
