import type { SeedPages } from "./seed-pages.ts";

/** Las páginas iniciales en español: la red las edita para contar cómo funciona de verdad. */
export const ES_PAGES: SeedPages = {
  welcome: "bienvenida",
  pages: [
    {
      slug: "bienvenida",
      title: "Bienvenida",
      visibility: "public",
      body: `Te damos la bienvenida a nuestra red de apoyo mutuo. Aquí las vecinas y los vecinos ofrecen lo que pueden y piden
lo que necesitan: todo el mundo puede hacer las dos cosas. Esto es solidaridad, no caridad.

## Por dónde empezar

- Lee [cómo funcionan aquí las publicaciones y los emparejamientos](/handbook/como-funciona).
- Lee [nuestras reglas de privacidad](/handbook/privacidad): qué ven los demás de ti y qué no ven nunca.
- Ten a mano [qué hacer en una crisis](/handbook/crisis).

## Pedir ayuda

Nunca tienes que justificarte ni ganarte la ayuda. Publica una solicitud, o pide a una coordinadora que la publique
por ti por teléfono o en papel. Si no puedes leer esta página en tu idioma, díselo a la coordinación.

## Participar

Ofrece algo, hazte voluntaria para recogidas y entregas en **Mis tareas**, o ven a la próxima asamblea en **Eventos**.
Todo lo que hace la coordinación queda en el **Registro de coordinación**, que cualquier miembro puede leer.

*Coordinación: editad esta página para decir quiénes sois y cómo contactaros.*
`,
    },
    {
      slug: "como-funciona",
      title: "Cómo funcionan aquí las publicaciones y los emparejamientos",
      visibility: "public",
      body: `## Ofertas y solicitudes

Una **solicitud** dice lo que necesitas; una **oferta**, lo que puedes dar o prestar. Elige una categoría, una zona
(nunca una dirección), la urgencia y una fecha si importa.

- Una publicación con fecha caduca el día siguiente; una sin fecha caduca a los 30 días si no la renuevas.
- **Mis publicaciones** te pregunta «¿sigue haciendo falta?» antes de que caduque.
- Retira una publicación cuando ya no la necesites, para que nadie venga en balde.

## Emparejar

Una coordinadora (o tú misma, si la red lo permite) empareja una oferta con una solicitud. Se avisa a ambas partes,
y solo entonces ven los datos de contacto de la otra.

## Recogidas y entregas

Cuando se acepta un emparejamiento, se le da una franja horaria y, si hace falta, una voluntaria que recoge y entrega.
Las voluntarias aprobadas ven las tareas abiertas de los días que marcaron como libres en **Mis tareas**.

## Quién ve una publicación

- **Todo el mundo**: el tablón y quienes siguen a la red en Mastodon.
- **Miembros**: solo los miembros con sesión iniciada.
- **Coordinación**: solo la coordinación.

Mira [nuestras reglas de privacidad](/handbook/privacidad) para saber qué no se muestra nunca.
`,
    },
    {
      slug: "privacidad",
      title: "Nuestras reglas de privacidad",
      visibility: "public",
      body: `Pedir ayuda es delicado. Estas reglas valen para cada publicación, aquí y allá donde se comparta.

## Lo que nunca es público

- Una solicitud aparece como de «una vecina o un vecino de» su zona: nunca un nombre, un usuario, un teléfono,
  un correo ni una dirección.
- Una ubicación es como mucho una zona y un punto redondeado a 1 km aproximadamente.
- Los datos de contacto escritos en una publicación se guardan aparte: solo los ven la coordinación y la autora,
  y quien ayuda los ve cuando se acepta el emparejamiento.

## Ofertas

Una oferta muestra el nombre de su autora solo si marca la casilla.

## Compartir con otras redes

Las publicaciones públicas llegan también a nuestras redes hermanas y a quienes nos siguen en Mastodon. En una crisis,
las necesidades que no podemos cubrir se reenvían a las redes hermanas, siempre sin nombres ni contactos. Las
publicaciones solo para miembros se comparten únicamente si la administración lo activa en los ajustes.

## Rendir cuentas

Todo lo que la coordinación hace con miembros y con publicaciones ajenas queda en el **Registro de coordinación**,
que cualquier miembro puede leer.

Si se muestra algo tuyo que no debería, díselo a la coordinación o usa **Denunciar**.
`,
    },
    {
      slug: "crisis",
      title: "Qué hacer en una crisis",
      visibility: "public",
      body: `## Si alguien está en peligro

Llama primero a los servicios de emergencia. Esta red no los sustituye.

## Cuando se declara una crisis

La coordinación declara una crisis para las zonas y los tipos de ayuda afectados. Todas las páginas muestran
entonces un aviso, y se avisa a los miembros al momento.

- **Pide**: publica una solicitud con su urgencia real, o pide a la coordinación que la publique por ti por teléfono o SMS.
- **Ofrece**: publica lo que puedas dar, aunque sea poco: agua, una habitación, un viaje, cargar un móvil.
- **Pregunta por tus vecinas y vecinos**, sobre todo por quienes no están en internet.

## Ayuda de otras redes

Mientras dura una crisis, las necesidades que nuestra red no puede cubrir se reenvían a las redes hermanas. Sus
miembros pueden ofrecer ayuda, y la coordinación de aquí la acepta o la rechaza.

## Coordinación

Mantened las solicitudes al día: marcad lo que ya está hecho, para que la ayuda vaya a donde aún hace falta.

*Editad esta página con los teléfonos de emergencia y los puntos de encuentro de vuestra zona.*
`,
    },
    {
      slug: "acuerdos",
      title: "Nuestros acuerdos",
      visibility: "members",
      body: `*Un punto de partida: la red escribe sus propios acuerdos, y la administración elige esta página en los ajustes
del manual para que los nuevos miembros los lean y los acepten.*

- Ofrecemos y pedimos de igual a igual: todo el mundo puede hacer las dos cosas.
- Guardamos en privado lo que sabemos unas de otras, y seguimos [nuestras reglas de privacidad](/handbook/privacidad).
- Hacemos lo que dijimos que haríamos, o avisamos a tiempo si no podemos.
- Nos tratamos con respeto; el acoso y la discriminación no tienen cabida.
- Planteamos los problemas a la coordinación o mediante **Denunciar**, y el equipo de seguridad responde.
`,
    },
  ],
};
