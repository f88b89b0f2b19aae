using System.Reflection;
using System.Text;
using System.Xml;

namespace PosixIpc.Commands;

/// <summary>
/// CliXml of an object, as PSSerializer writes it but on one line (no indentation; line breaks in
/// strings are escaped as _x000A_), written into a writer that refuses to grow past a maximum: an
/// object whose CliXml would be longer stops being serialized there, so a huge object graph fails
/// fast in bounded memory instead of being serialized whole first.
/// </summary>
/// <remarks>
/// PSSerializer only returns a whole string. The serializer behind it, which writes into any
/// XmlWriter, is internal to PowerShell, so it is reached by reflection; should a PowerShell version
/// lack it, PSSerializer is used and its result measured afterwards (correct, but not bounded).
/// </remarks>
internal static class BoundedCliXml
{
    private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Instance;
    private static readonly Type? SerializerType = typeof(PSObject).Assembly.GetType("System.Management.Automation.Serializer");
    private static readonly ConstructorInfo? Create = SerializerType?.GetConstructor(Internal, null, new[] { typeof(XmlWriter), typeof(int), typeof(bool) }, null);
    private static readonly MethodInfo? WriteObject = SerializerType?.GetMethod("Serialize", Internal, null, new[] { typeof(object) }, null);
    private static readonly MethodInfo? Finish = SerializerType?.GetMethod("Done", Internal, null, Type.EmptyTypes, null);

    private static readonly XmlWriterSettings Settings = new() { OmitXmlDeclaration = true, Indent = false, CloseOutput = false };

    /// <summary>The object's CliXml on one line, or null when it would have more than maxChars characters.</summary>
    public static string? Serialize(object? item, int depth, int maxChars)
    {
        if (Create == null || WriteObject == null || Finish == null)
        {
            string whole = PSSerializer.Serialize(item, depth).Replace("\r", string.Empty).Replace("\n", string.Empty);
            return whole.Length <= maxChars ? whole : null;
        }

        var sink = new CappedStringWriter(maxChars);
        try
        {
            using (XmlWriter xml = XmlWriter.Create(sink, Settings))
            {
                object serializer = Create.Invoke(new object[] { xml, depth, true });
                WriteObject.Invoke(serializer, new[] { item });
                Finish.Invoke(serializer, null);
            }
        }
        catch (Exception) when (sink.Overflowed)
        {
            // The cap, reached inside the serializer (wrapped by reflection) or by the final flush.
            return null;
        }

        return sink.ToString();
    }

    private sealed class CapReachedException : Exception
    {
    }

    /// <summary>A StringWriter that throws once what it holds would pass the maximum.</summary>
    private sealed class CappedStringWriter : StringWriter
    {
        private readonly int _max;

        public CappedStringWriter(int max) => _max = max;

        public bool Overflowed { get; private set; }

        public override void Write(char value)
        {
            Reserve(1);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Reserve(count);
            base.Write(buffer, index, count);
        }

        public override void Write(string? value)
        {
            Reserve(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Reserve(buffer.Length);
            base.Write(buffer);
        }

        private void Reserve(int count)
        {
            if (Overflowed || GetStringBuilder().Length + (long)count > _max)
            {
                Overflowed = true;
                throw new CapReachedException();
            }
        }
    }
}
