namespace NewsApi.Data;

/// <summary>Told after every commit that changed articles, so hosts can drop what they cached from the old content.</summary>
public interface IStoreChangeNotifier
{
    void Changed();
}
